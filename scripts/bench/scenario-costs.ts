/**
 * 7. Unit costs for the capacity model: the CPU of each process (every node, `redis-server`) per
 * heartbeat and per upvote, net of what the same processes spend idle (pings, presence samples)
 * over the same time. Each participant sends one `watch:beat` and one upvote, spread over a window;
 * the phones' messages during the upvotes are counted (capacity-inputs.ts takes them out of an upvote).
 */
import { cpuBetween, cpuSnapshot } from './accounting.ts';
import { beats } from './scenario-beats.ts';
import { check, sleep, total, type Context, type Figures, type ScenarioResult } from './scenario-kit.ts';
import { summarise } from './stats.ts';
import { now } from './thin-client.ts';
import type { Submission } from './pool.ts';
import type { AckResult } from './thin-client.ts';

/** CPU ms per process while `work` runs, less the idle rate over the same time. */
async function netCpu(
  ctx: Context,
  idlePerMs: Record<string, number>,
  work: () => Promise<AckResult[]>,
): Promise<{ cpu: Record<string, number>; acks: AckResult[] }> {
  const t0 = now();
  const before = cpuSnapshot(ctx.dep, null);
  const acks = await work();
  // What the last acks set off (coalesced deltas, results) goes out within a second or two.
  await sleep(2000);
  const spent = cpuBetween(before, cpuSnapshot(ctx.dep, null));
  const elapsed = now() - t0;
  const cpu = Object.fromEntries(
    Object.entries(spent).map(([name, ms]) => [name, ms - (idlePerMs[name] ?? 0) * elapsed]),
  );
  return { cpu, acks };
}

function perUnit(figures: Figures, unit: string, cpu: Record<string, number>, count: number): void {
  let nodes = 0;
  for (const [name, ms] of Object.entries(cpu)) {
    figures[`${name} CPU per ${unit} (µs)`] = (ms * 1000) / Math.max(1, count);
    if (name.startsWith('node-')) nodes += ms;
  }
  figures[`nodes' CPU per ${unit} (µs)`] = (nodes * 1000) / Math.max(1, count);
}

export async function unitCosts(ctx: Context): Promise<ScenarioResult> {
  // The bare servers count neither beats nor upvotes.
  if (!ctx.ours) return { figures: {}, checks: [] };
  const windowMs = ctx.quick ? 5_000 : 10_000;
  const t0 = now();
  const idle0 = cpuSnapshot(ctx.dep, null);
  await sleep(windowMs);
  const idleMs = now() - t0;
  const idle = cpuBetween(idle0, cpuSnapshot(ctx.dep, null));
  const idlePerMs = Object.fromEntries(Object.entries(idle).map(([k, ms]) => [k, ms / idleMs]));

  const beat = await netCpu(ctx, idlePerMs, () =>
    ctx.pool.burst(beats(ctx, 'costs', windowMs), windowMs + 60_000),
  );

  const asker = ctx.participants[0]!;
  const question = await asker.command('question:ask', {
    sessionId: ctx.edition.sessionId,
    clientId: `${ctx.tag}costs`,
    text: `Question des coûts ${ctx.tag}`,
  });
  await ctx.moderator.command('question:moderate', { questionId: question.id, action: 'approve' });
  // The storm comes while another question is on screen, being answered, as in a session's Q&A: a
  // change then carries the question on screen too (its record, up to 500 characters and its edits).
  const answered = await (ctx.participants[1] ?? asker).command('question:ask', {
    sessionId: ctx.edition.sessionId,
    clientId: `${ctx.tag}costs-screen`,
    text: `Question à l'écran ${ctx.tag} : ${'comment les associations du territoire peuvent-elles mieux coopérer avec les collectivités '.repeat(3)}?`,
  });
  await ctx.moderator.command('question:moderate', { questionId: answered.id, action: 'approve' });
  await ctx.moderator.command('screen:show', {
    sessionId: ctx.edition.sessionId,
    item: { kind: 'question', id: answered.id },
  });
  // At a storm's rate (`--upvote-seconds 2`: 2,500 a second at N = 5,000) a node's upvotes of one
  // turn go to Redis as one run, which a paced window of 10 s rarely sees.
  const upvoteMs = ctx.upvoteSeconds === null ? windowMs : ctx.upvoteSeconds * 1000;
  const upvotes: Submission[] = Array.from({ length: ctx.n }, (_, i) => ({
    participant: i,
    name: 'question:upvote',
    payload: { questionId: question.id, up: true },
    at: Math.random() * upvoteMs,
  }));
  await ctx.pool.counts();
  const up = await netCpu(ctx, idlePerMs, () => ctx.pool.burst(upvotes, upvoteMs + 60_000));
  // The audience's Q&A deltas the upvotes set off (paced: `audienceIntervalMs`), which the model
  // counts as delivered messages, apart from the upvote's own cost.
  const upvoteMessages = total(await ctx.pool.counts());
  const snapshot = await ctx.moderator.command('moderation:join', { sessionId: ctx.edition.sessionId });
  const counted = snapshot.qa.questions.find((q) => q.id === question.id)?.votes ?? -1;
  await ctx.moderator.command('screen:show', { sessionId: ctx.edition.sessionId, item: null });

  const beatsOk = beat.acks.filter((a) => a.ok).length;
  const upsOk = up.acks.filter((a) => a.ok).length;
  const figures: Figures = {
    'window (s)': windowMs / 1000,
    'heartbeats per second': ctx.n / (windowMs / 1000),
    'heartbeat ack p99 (ms)': summarise(beat.acks.filter((a) => a.ok).map((a) => a.ackAt - a.sentAt)).p99,
    'upvotes per second': ctx.n / (upvoteMs / 1000),
    'upvote ack p99 (ms)': summarise(up.acks.filter((a) => a.ok).map((a) => a.ackAt - a.sentAt)).p99,
    'upvotes acked': upsOk,
    'messages delivered in the upvote window': upvoteMessages,
  };
  for (const [name, perMs] of Object.entries(idlePerMs))
    figures[`${name} CPU idle (% of a core)`] = perMs * 100;
  perUnit(figures, 'heartbeat', beat.cpu, beatsOk);
  perUnit(figures, 'upvote', up.cpu, upsOk);
  return {
    figures,
    checks: [
      check('every heartbeat acknowledged', beatsOk === ctx.n, `${beatsOk}/${ctx.n}`),
      check('every upvote acknowledged', upsOk === ctx.n, `${upsOk}/${ctx.n}`),
      check('upvotes counted exactly once', counted === upsOk, `${counted} counted for ${upsOk} acked`),
    ],
  };
}
