/**
 * 6. Heartbeats: N remote viewers' players each send `watch:beat` once per `beatSeconds` (10,000
 * viewers: ~333 a second), alone, then while the vote burst runs. Gives the server CPU per
 * heartbeat and the vote burst's figures with the beats as ratios to the same burst without them.
 */
import { beatSeconds, type WatchBeat } from '@agora/shared';
import type { Submission } from './pool.ts';
import type { AckResult } from './thin-client.ts';
import { check, serverCpu, sleep, type Context, type Figures, type ScenarioResult } from './scenario-kit.ts';
import { median, summarise } from './stats.ts';

/** One beat per participant, spread over `windowMs` as players' timers would spread them. */
export function beats(ctx: Context, tab: string, windowMs: number): Submission[] {
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

/** The median of each vote figure over several bursts. */
function medians(runs: ScenarioResult[]): Figures {
  return Object.fromEntries(
    VOTE_FIGURES.map((name) => [name, median(runs.map((r) => r.figures[name] ?? NaN))]),
  );
}

/** `voteBurst` is the vote scenario, handed in (scenarios.ts imports this file). */
export async function heartbeats(
  ctx: Context,
  voteBurst: (ctx: Context) => Promise<ScenarioResult>,
): Promise<ScenarioResult> {
  // The bare servers know no heartbeat: nothing to compare with.
  if (!ctx.ours) return { figures: {}, checks: [] };
  // A full beat period at the real pace (quick runs: a shorter window, the same count).
  const windowMs = ctx.quick ? 5_000 : beatSeconds * 1000;

  // The server's CPU over the same window without beats (pings of N sockets, presence samples),
  // taken off what the beats' window costs.
  const idle0 = serverCpu(ctx);
  await sleep(windowMs);
  const cpuIdle = serverCpu(ctx) - idle0;
  const cpu0 = serverCpu(ctx);
  const alone = await ctx.pool.burst(beats(ctx, 'alone', windowMs), windowMs + 60_000);
  const cpuAlone = serverCpu(ctx) - cpu0;
  const aloneOk = alone.filter((a) => a.ok);
  const latency = summarise(aloneOk.map((a) => a.ackAt - a.sentAt));
  await sleep(1000);

  // The run's first vote burst is slower whatever follows (measured: about half the acks per
  // second of the next ones): one burst to warm up, not counted.
  const warmUp = await voteBurst(ctx);
  await sleep(1000);
  // Without, with, without, with: the two bursts without beats give the run-to-run noise, and
  // alternating keeps a drift from favouring one side.
  const without: ScenarioResult[] = [];
  const withBeats: ScenarioResult[] = [];
  const during: Promise<AckResult[]>[] = [];
  for (let round = 0; round < 2; round += 1) {
    without.push(await voteBurst(ctx));
    await sleep(1000);
    // The beats start first and go on around the whole vote burst.
    const beating = ctx.pool.burst(beats(ctx, `during${round}`, windowMs), windowMs + 60_000);
    during.push(beating);
    await sleep(Math.min(1000, windowMs / 10));
    withBeats.push(await voteBurst(ctx));
    await beating;
  }
  const duringAcks = (await Promise.all(during)).flat();

  const figures: Figures = {
    'heartbeats acked': aloneOk.length,
    'heartbeats per second offered': ctx.n / (windowMs / 1000),
    'server CPU per heartbeat (µs)': ((cpuAlone - cpuIdle) * 1000) / Math.max(1, aloneOk.length),
    'server CPU idle over the same window (ms)': cpuIdle,
    'heartbeat ack p50 (ms)': latency.p50,
    'heartbeat ack p99 (ms)': latency.p99,
  };
  const a = medians(without);
  const b = medians(withBeats);
  for (const name of VOTE_FIGURES) {
    figures[`vote ${name} without beats (median of 2)`] = a[name] ?? NaN;
    figures[`vote ${name} with beats (median of 2)`] = b[name] ?? NaN;
    figures[`vote ${name}: with / without`] = (b[name] ?? NaN) / (a[name] ?? NaN);
    // Run-to-run noise: the second burst without beats against the first.
    figures[`vote ${name}: noise, without #2 / #1`] =
      (without[1]?.figures[name] ?? NaN) / (without[0]?.figures[name] ?? NaN);
  }
  return {
    figures,
    checks: [
      check('every heartbeat acknowledged', aloneOk.length === ctx.n, `${aloneOk.length}/${ctx.n}`),
      check(
        'every heartbeat during the votes acknowledged',
        duringAcks.every((x) => x.ok),
        `${duringAcks.filter((x) => x.ok).length}/${duringAcks.length}`,
      ),
      ...warmUp.checks.map((c) => ({ ...c, name: `warm-up: ${c.name}` })),
      ...without.flatMap((r, k) =>
        r.checks.map((c) => ({ ...c, name: `without beats #${k + 1}: ${c.name}` })),
      ),
      ...withBeats.flatMap((r, k) =>
        r.checks.map((c) => ({ ...c, name: `with beats #${k + 1}: ${c.name}` })),
      ),
    ],
  };
}
