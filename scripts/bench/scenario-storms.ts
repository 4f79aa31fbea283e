/** The two storms: the Q&A storm (questions, approvals, upvotes) and the reconnect storm. */
import { listenOverflows } from './proc.ts';
import { summarise } from './stats.ts';
import { now } from './thin-client.ts';
import {
  check,
  openPoll,
  sameTally,
  serverCpu,
  sleep,
  tallyOf,
  total,
  type Check,
  type Context,
  type ScenarioResult,
} from './scenario-kit.ts';

/** The server's per-socket budget (burst 40 at 10 a second) refilled from empty. */
const MODERATOR_REFILL_MS = 4_000;

export async function qaStorm(ctx: Context): Promise<ScenarioResult> {
  const askers = Math.min(ctx.n, ctx.quick ? 50 : 100);
  const upvoters = Math.min(ctx.n, ctx.quick ? 200 : 500);
  const approvals = Math.min(askers, 30);
  const arrived = new Map<number, number>();
  const tagRe = new RegExp(`${ctx.tag} q(\\d+)`);
  const stop = ctx.moderator.onEvent((name, payload, at) => {
    if (name !== 'qa:moderation') return;
    for (const q of (payload as { upsert: { text: string }[] }).upsert) {
      const m = tagRe.exec(q.text);
      if (m && !arrived.has(Number(m[1]))) arrived.set(Number(m[1]), at);
    }
  });
  await ctx.pool.counts();
  const cpu0 = serverCpu(ctx);
  const step = Math.max(1, Math.floor(ctx.n / askers));
  const asks = await ctx.pool.burst(
    Array.from({ length: askers }, (_, k) => ({
      participant: k * step,
      name: 'question:ask',
      payload: {
        sessionId: ctx.edition.sessionId,
        clientId: `${ctx.tag}q${k}`,
        text: `Question du banc ${ctx.tag} q${k} : que retenir de cette séance ?`,
      },
      at: Math.random() * 1000,
    })),
    60_000,
  );
  const deadline = now() + 15_000;
  while (arrived.size < askers && now() < deadline) await sleep(10);
  stop();
  const queue = summarise([...arrived].map(([k, at]) => at - asks[k]!.sentAt));

  // The moderator approves as many as its command budget allows at once (burst 40, 10 a second).
  // Its earlier scenarios' commands may have used part of it: at small N they all run within a
  // second, and the wave was refused RATE_LIMITED. Wait until the budget is full again.
  await sleep(MODERATOR_REFILL_MS);
  const snapshot = await ctx.moderator.command('moderation:join', { sessionId: ctx.edition.sessionId });
  const ours = snapshot.qa.questions.filter((q) => tagRe.test(q.text));
  const ids = ctx.ours
    ? ours.slice(0, approvals).map((q) => q.id)
    : Array.from({ length: approvals }, () => snapshot.qa.questions[0]?.id ?? 'q');
  const t0 = now();
  await Promise.all(
    ids.map((id) => ctx.moderator.command('question:moderate', { questionId: id, action: 'approve' })),
  );
  const approveMs = now() - t0;

  const spread = Math.max(1, Math.floor(ctx.n / upvoters));
  const upvotes = await ctx.pool.burst(
    Array.from({ length: upvoters }, (_, k) => ({
      participant: k * spread,
      name: 'question:upvote',
      payload: { questionId: ids[k % ids.length]!, up: true },
      at: Math.random() * 2000,
    })),
    60_000,
  );
  await sleep(500);
  const cpu = serverCpu(ctx) - cpu0;
  const delivered = total(await ctx.pool.counts());
  const askLatency = summarise(asks.filter((a) => a.ok).map((a) => a.ackAt - a.sentAt));
  const upLatency = summarise(upvotes.filter((a) => a.ok).map((a) => a.ackAt - a.sentAt));

  const checks: Check[] = [];
  if (ctx.ours) {
    const after = await ctx.moderator.command('moderation:join', { sessionId: ctx.edition.sessionId });
    const mine = after.qa.questions.filter((q) => tagRe.test(q.text));
    const votes = mine.reduce((s, q) => s + q.votes, 0);
    const okAsks = asks.filter((a) => a.ok).length;
    const okUps = upvotes.filter((a) => a.ok).length;
    checks.push(
      check(
        'every question acknowledged and stored once',
        okAsks === askers && mine.length === askers,
        `${okAsks} acked, ${mine.length} stored of ${askers}`,
      ),
      check(
        'every question reached the moderator queue',
        arrived.size === askers,
        `${arrived.size}/${askers}`,
      ),
      check(
        'upvotes counted exactly once (none lost, none doubled)',
        votes === upvoters,
        `${votes} counted of ${upvoters} sent`,
      ),
      check(
        'every upvote acked within 60 s',
        okUps === upvoters,
        `${okUps}/${upvoters}; ${[...new Set(upvotes.filter((a) => !a.ok).map((a) => a.code))].join(', ')}`,
      ),
    );
  }
  return {
    figures: {
      questions: askers,
      upvotes: upvoters,
      'ask ack p50 (ms)': askLatency.p50,
      'ask ack p99 (ms)': askLatency.p99,
      'moderator queue delivery p50 (ms)': queue.p50,
      'moderator queue delivery max (ms)': queue.max,
      'approvals at once': ids.length,
      'approvals, all acked (ms)': approveMs,
      'upvote ack p50 (ms)': upLatency.p50,
      'upvote ack p99 (ms)': upLatency.p99,
      'messages delivered': delivered,
      'server CPU per delivered message (µs)': (cpu * 1000) / Math.max(1, delivered),
    },
    checks,
  };
}

/** 5. Reconnect storm: every node restarts (SIGTERM) with N connected while ballots are being sent. */
export async function reconnectStorm(ctx: Context): Promise<ScenarioResult> {
  // Fresh snapshots on a probe first: the bare servers replay them at their reconnect (same sizes).
  await ctx.participants[0]!.command('session:join', { sessionId: ctx.edition.sessionId });
  const poll = await openPoll(ctx, `Vote pendant le redémarrage ${ctx.tag}`);
  const voters = Math.min(ctx.n, 1000);
  const spread = Math.max(1, Math.floor(ctx.n / voters));
  const choiceOf = (i: number) => poll.options[i % poll.options.length]!.id;
  const windowMs = 3000;
  const since = now();
  const burst = ctx.pool.burst(
    Array.from({ length: voters }, (_, k) => ({
      participant: k * spread,
      name: 'poll:vote',
      payload: { pollId: poll.id, clientId: `${ctx.tag}r${k * spread}`, choices: [choiceOf(k * spread)] },
      at: Math.random() * windowMs,
    })),
    120_000,
  );
  await sleep(windowMs / 3);
  const overflowsBefore = listenOverflows();
  const restarts = await Promise.all(ctx.dep.nodes.map((node) => node.restart()));
  const downAt = Math.min(...restarts.map((r) => r.downAt));
  const upAt = Math.max(...restarts.map((r) => r.upAt));
  const back = await ctx.pool.resynced(since, 120_000);
  const overflows = listenOverflows() - overflowsBefore;
  const acks = await burst;
  // The probes reconnect by themselves but, unlike the thin clients and the web client, do not join
  // their rooms again: without this the projector missed every poll:results of the scenarios after
  // this one (beats' final tallies failed after a reconnect storm).
  for (const p of [ctx.projector, ...ctx.participants]) {
    await p.connected();
    await p.command('session:join', { sessionId: ctx.edition.sessionId });
  }
  const resynced = back.filter((b) => b.resyncedAt > 0);
  const lastBack = Math.max(...resynced.map((b) => b.resyncedAt));
  const perClient = summarise(resynced.map((b) => b.resyncedAt - downAt));
  const attempts = summarise(back.map((b) => b.attempts));
  const failures = new Map<string, number>();
  for (const b of back)
    if (b.lastFailure) failures.set(b.lastFailure, (failures.get(b.lastFailure) ?? 0) + 1);
  if (failures.size > 0) {
    const top = [...failures].sort((a, b) => b[1] - a[1]).slice(0, 5);
    process.stderr.write(`reconnect: last failed attempt per client: ${JSON.stringify(top)}\n`);
  }

  const checks: Check[] = [];
  if (ctx.ours) {
    await ctx.moderator.connected();
    const snap = await ctx.moderator.command('moderation:join', { sessionId: ctx.edition.sessionId });
    const results = snap.interactions.pollResults.find((r) => r.pollId === poll.id);
    const ok = acks.map((a, k) => ({ a, i: k * spread })).filter(({ a }) => a.ok);
    const expected = tallyOf(
      poll,
      ok.map(({ i }) => ({ i, choice: choiceOf(i) })),
    );
    const got = results ? { all: results.all, onsite: results.onsite, remote: results.remote } : null;
    checks.push(
      check('every participant back and re-synced', resynced.length === ctx.n, `${resynced.length}/${ctx.n}`),
      check(
        'every ballot sent across the restart acknowledged (zero lost)',
        ok.length === voters,
        `${ok.length}/${voters}, ${acks.reduce((s, a) => s + a.retries, 0)} re-sends`,
      ),
      check(
        'tally exact after the restart (zero doubled)',
        got !== null && sameTally(got, expected),
        got ? `${got.all.ballots} counted for ${ok.length}` : 'no results',
      ),
    );
  }
  return {
    figures: {
      'server down → ready again (s)': (upAt - downAt) / 1000,
      'time until all N re-synced (s)': (lastBack - downAt) / 1000,
      're-sync p50 after restart (s)': perClient.p50 / 1000,
      're-sync p99 after restart (s)': perClient.p99 / 1000,
      'connection attempts per client, p50': attempts.p50,
      'connection attempts per client, max': attempts.max,
      'connections dropped, listen queue full': overflows,
      'ballots sent across the restart': voters,
      'ballots re-sent': acks.reduce((s, a) => s + a.retries, 0),
    },
    checks,
  };
}
