/**
 * 6. Heartbeats: N remote viewers' players each send `watch:beat` once per `beatSeconds` (10,000
 * viewers: ~333 a second), alone, then while the vote burst runs. Gives the server CPU per
 * heartbeat and the vote burst's figures with the beats as ratios to the same burst without them.
 */
import { beatSeconds, type WatchBeat } from '@agora/shared';
import type { Submission } from './pool.ts';
import { check, serverCpu, sleep, type Context, type Figures, type ScenarioResult } from './scenario-kit.ts';
import { summarise } from './stats.ts';

/** One beat per participant, spread over `windowMs` as players' timers would spread them. */
function beats(ctx: Context, tab: string, windowMs: number): Submission[] {
  return Array.from({ length: ctx.n }, (_, i) => {
    const payload: WatchBeat = {
      sessionId: ctx.edition.sessionId,
      tabId: `${ctx.tag}-${tab}`,
      mode: 'live',
      positionSeconds: 600,
      // Players a few seconds behind the live edge, as HLS ones are.
      behindLiveSeconds: 6 + (i % 20),
      playing: true,
    };
    return { participant: i, name: 'watch:beat', payload, at: Math.random() * windowMs };
  });
}

const VOTE_FIGURES = [
  'acks per second',
  'ack p50 (ms)',
  'ack p99 (ms)',
  'server CPU per ballot (µs)',
] as const;

/** `voteBurst` is the vote scenario, handed in (scenarios.ts imports this file). */
export async function heartbeats(
  ctx: Context,
  voteBurst: (ctx: Context) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  // The bare servers know no heartbeat: nothing to compare with.
  if (!ctx.ours) return { figures: {}, checks: [] };
  // A full beat period at the real pace (quick runs: a shorter window, the same count).
  const windowMs = ctx.quick ? 5_000 : beatSeconds * 1000;

  const cpu0 = serverCpu(ctx);
  const alone = await ctx.pool.burst(beats(ctx, 'alone', windowMs), windowMs + 60_000);
  const cpuAlone = serverCpu(ctx) - cpu0;
  const aloneOk = alone.filter((a) => a.ok);
  const latency = summarise(aloneOk.map((a) => a.ackAt - a.sentAt));
  await sleep(1000);

  const without = await voteBurst(ctx);
  await sleep(1000);
  // The beats start first and go on around the whole vote burst.
  const during = ctx.pool.burst(beats(ctx, 'during', windowMs), windowMs + 60_000);
  await sleep(Math.min(1000, windowMs / 10));
  const withBeats = await voteBurst(ctx);
  const duringAcks = await during;

  const figures: Figures = {
    'heartbeats acked': aloneOk.length,
    'heartbeats per second offered': ctx.n / (windowMs / 1000),
    'server CPU per heartbeat (µs)': (cpuAlone * 1000) / Math.max(1, aloneOk.length),
    'heartbeat ack p50 (ms)': latency.p50,
    'heartbeat ack p99 (ms)': latency.p99,
  };
  for (const name of VOTE_FIGURES) {
    const a = without.figures[name] ?? NaN;
    const b = withBeats.figures[name] ?? NaN;
    figures[`vote ${name} without beats`] = a;
    figures[`vote ${name} with beats`] = b;
    figures[`vote ${name}: with / without`] = b / a;
  }
  return {
    figures,
    checks: [
      check('every heartbeat acknowledged', aloneOk.length === ctx.n, `${aloneOk.length}/${ctx.n}`),
      check(
        'every heartbeat during the vote acknowledged',
        duringAcks.every((a) => a.ok),
        `${duringAcks.filter((a) => a.ok).length}/${duringAcks.length}`,
      ),
      ...without.checks.map((c) => ({ ...c, name: `without beats: ${c.name}` })),
      ...withBeats.checks.map((c) => ({ ...c, name: `with beats: ${c.name}` })),
    ],
  };
}
