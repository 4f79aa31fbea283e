import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.ts';

/** The lines of one metric family in the text a scrape returns. */
async function linesOf(metrics: Metrics, name: string): Promise<string[]> {
  return (await metrics.registry.metrics()).split('\n').filter((l) => l.startsWith(name));
}

describe('the metrics kept in plain numbers', () => {
  it('exports ack latencies as a cumulative Prometheus histogram per command', async () => {
    const metrics = new Metrics();
    const now = performance.now();
    // Started 3 ms and 30 ms ago, and one just now.
    metrics.acked('poll:vote', { ok: true }, now - 3);
    metrics.acked('poll:vote', { ok: true }, now - 30);
    metrics.acked('poll:vote', { ok: false, error: { code: 'CONFLICT' } }, performance.now());
    const lines = await linesOf(metrics, 'agora_command_ack_seconds');
    const bucket = (le: string) =>
      Number(
        lines
          .find((l) => l.startsWith(`agora_command_ack_seconds_bucket{command="poll:vote",le="${le}"}`))
          ?.split(' ')[1],
      );
    expect(bucket('0.0025')).toBe(1);
    expect(bucket('0.005')).toBe(2);
    expect(bucket('0.05')).toBe(3);
    expect(bucket('+Inf')).toBe(3);
    expect(lines).toContain('agora_command_ack_seconds_count{command="poll:vote"} 3');
    const sum = Number(lines.find((l) => l.startsWith('agora_command_ack_seconds_sum'))?.split(' ')[1]);
    expect(sum).toBeGreaterThanOrEqual(0.033);
    expect(sum).toBeLessThan(1);
  });

  it('counts acks by outcome and broadcasts by event, with HELP and TYPE lines', async () => {
    const metrics = new Metrics();
    for (let i = 0; i < 3; i += 1) metrics.acked('question:ask', { ok: true }, performance.now());
    metrics.acked('question:ask', { ok: false, error: { code: 'RATE_LIMITED' } }, performance.now());
    metrics.published('qa:audience');
    metrics.published('qa:audience');
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE agora_command_acks_total counter');
    expect(text).toContain('agora_command_acks_total{command="question:ask",code="OK"} 3');
    expect(text).toContain('agora_command_acks_total{command="question:ask",code="RATE_LIMITED"} 1');
    expect(text).toContain('# TYPE agora_broadcasts_total counter');
    expect(text).toContain('agora_broadcasts_total{event="qa:audience"} 2');
  });

  it('reports sockets by role and Redis connections when scraped', async () => {
    const metrics = new Metrics();
    let counts: Record<string, number> = { participant: 2 };
    metrics.watchSockets(() => counts);
    const connection = { status: 'ready' };
    metrics.watchRedis({ store: connection });
    expect(await linesOf(metrics, 'agora_sockets_connected{')).toEqual([
      'agora_sockets_connected{role="participant"} 2',
    ]);
    counts = { moderator: 1 };
    connection.status = 'reconnecting';
    expect(await linesOf(metrics, 'agora_sockets_connected{')).toEqual([
      'agora_sockets_connected{role="moderator"} 1',
    ]);
    expect(await linesOf(metrics, 'agora_redis_connected{')).toEqual([
      'agora_redis_connected{connection="store"} 0',
    ]);
  });
});
