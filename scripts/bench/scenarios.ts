/**
 * The scenarios. Each runs against one deployment with its N participants already dealt to the
 * generator, measures, and returns figures plus pass/fail correctness checks. Times are measured by
 * the thin clients and the probes on one machine clock; nothing is asserted against a timer.
 */
import type { AttendanceMode, Poll, PollResults } from '@agora/shared';
import type { GeneratorPool, Submission } from './pool.ts';
import { clockTicksPerSecond, cpuMs, listenOverflows, rssBytes } from './proc.ts';
import type { Probe } from './probe.ts';
import type { Deployment } from './servers.ts';
import type { BenchEdition } from './setup.ts';
import { median, round, summarise } from './stats.ts';
import { now } from './thin-client.ts';

export type ScenarioName = 'join' | 'fanout' | 'vote' | 'qa' | 'reconnect';
export type Figures = Record<string, number>;

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export interface ScenarioResult {
  figures: Figures;
  checks: Check[];
}

export interface Context {
  dep: Deployment;
  pool: GeneratorPool;
  edition: BenchEdition;
  n: number;
  /** Our server: correctness is checked. The bare servers replay payloads and keep nothing. */
  ours: boolean;
  moderator: Probe;
  projector: Probe;
  participants: Probe[];
  /** Unique per run, in client ids and question texts. */
  tag: string;
  quick: boolean;
  joinConcurrency: number;
}

const attendanceOf = (i: number): AttendanceMode => (i % 2 === 0 ? 'onsite' : 'remote');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const serverCpu = (ctx: Context) => cpuMs(ctx.dep.serverPids());
/** Redis's own CPU (2 nodes + Redis), NaN without Redis. */
const redisCpu = (ctx: Context) => {
  const pid = ctx.dep.redisPid();
  return pid === null ? NaN : cpuMs([pid]);
};
const serverRss = (ctx: Context) => ctx.dep.serverPids().reduce((s, pid) => s + rssBytes(pid), 0);
const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const check = (name: string, pass: boolean, detail: string): Check => ({ name, pass, detail });

/** 1. Join rush: HTTP join with the personal code + socket connect + both snapshots, all N at once. */
export async function joinRush(ctx: Context): Promise<ScenarioResult> {
  await sleep(500);
  const rssBefore = serverRss(ctx);
  const cpu0 = serverCpu(ctx);
  const gen0 = ctx.pool.cpuTicks();
  const timings = await ctx.pool.join(ctx.joinConcurrency);
  const cpu = serverCpu(ctx) - cpu0;
  const genTicks = ctx.pool.cpuTicks() - gen0;
  const ok = timings.filter((t) => t.error === '');
  const start = Math.min(...timings.map((t) => t.start));
  const allIn = Math.max(...ok.map((t) => t.snapshot)) - start;
  const perClient = summarise(ok.map((t) => t.snapshot - t.start));
  const http = summarise(ok.map((t) => t.http - t.start));
  await sleep(2000);
  const rssAfter = serverRss(ctx);
  const errors = [...new Set(timings.filter((t) => t.error).map((t) => t.error))].slice(0, 3);
  return {
    figures: {
      joined: ok.length,
      'time until all in (s)': allIn / 1000,
      'joins per second': ok.length / (allIn / 1000),
      'join p50 (ms)': perClient.p50,
      'join p99 (ms)': perClient.p99,
      'HTTP join p50 (ms)': http.p50,
      'server CPU per join (ms)': cpu / Math.max(1, ok.length),
      'server RSS per participant (KiB)': (rssAfter - rssBefore) / Math.max(1, ok.length) / 1024,
      'server RSS with N connected (MiB)': rssAfter / 1048576,
      'generator CPU (s)': genTicks / clockTicksPerSecond(),
    },
    checks: [
      check('every participant joined', ok.length === ctx.n, `${ok.length}/${ctx.n} ${errors.join('; ')}`),
    ],
  };
}

/** Something to put on screen: a question asked by a probe and approved. */
async function questionOnScreen(ctx: Context): Promise<string> {
  const asker = ctx.participants[0]!;
  const mine = await asker.command('question:ask', {
    sessionId: ctx.edition.sessionId,
    clientId: `${ctx.tag}screen`,
    text: `Question à l’écran ${ctx.tag}`,
  });
  await ctx.moderator.command('question:moderate', { questionId: mine.id, action: 'approve' });
  return mine.id;
}

/** 2. Fan-out: the moderator changes what the projector shows; every participant receives it. */
export async function fanout(ctx: Context): Promise<ScenarioResult> {
  const questionId = await questionOnScreen(ctx);
  const rounds = Math.max(5, Math.min(30, Math.ceil(40_000 / ctx.n)));
  const firsts: number[] = [];
  const p50s: number[] = [];
  const p99s: number[] = [];
  const lasts: number[] = [];
  let missing = 0;
  let projectorMissed = 0;
  await ctx.pool.counts();
  const cpu0 = serverCpu(ctx);
  for (let r = 0; r < rounds; r++) {
    await ctx.pool.arm('live:state');
    const onProjector = ctx.projector.next('live:state');
    const t0 = now();
    await ctx.moderator.command('screen:show', {
      sessionId: ctx.edition.sessionId,
      item: r % 2 === 0 ? { kind: 'question', id: questionId } : null,
    });
    const arrivals = await ctx.pool.collect('live:state', 15_000);
    const got = arrivals.filter((a) => a > 0).map((a) => a - t0);
    missing += arrivals.length - got.length;
    const s = summarise(got);
    firsts.push(s.min);
    p50s.push(s.p50);
    p99s.push(s.p99);
    lasts.push(s.max);
    const seen = await Promise.race([onProjector, sleep(5000).then(() => null)]);
    if (!seen) projectorMissed += 1;
    await sleep(20);
  }
  const cpu = serverCpu(ctx) - cpu0;
  const delivered = total(await ctx.pool.counts());
  return {
    figures: {
      rounds: rounds,
      'first client (ms)': median(firsts),
      'median client (ms)': median(p50s),
      'p99 client (ms)': median(p99s),
      'last client (ms)': median(lasts),
      'messages delivered': delivered,
      'server CPU per delivered message (µs)': (cpu * 1000) / Math.max(1, delivered),
    },
    checks: [
      check('every participant received every change', missing === 0, `${missing} missed`),
      check('the projector received every change', projectorMissed === 0, `${projectorMissed} missed`),
    ],
  };
}

function tallyOf(poll: Poll, voters: { i: number; choice: string }[]) {
  const empty = () => ({ ballots: 0, counts: Object.fromEntries(poll.options.map((o) => [o.id, 0])) });
  const out = { all: empty(), onsite: empty(), remote: empty() };
  for (const v of voters) {
    for (const t of [out.all, out[attendanceOf(v.i)]]) {
      t.ballots += 1;
      t.counts[v.choice] = (t.counts[v.choice] ?? 0) + 1;
    }
  }
  return out;
}

const sameTally = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function openPoll(ctx: Context, question: string): Promise<Poll> {
  const poll = await ctx.moderator.command('poll:create', {
    sessionId: ctx.edition.sessionId,
    draft: { question, kind: 'single', options: ['Oui', 'Non', 'Peut-être', 'Sans avis'] },
  });
  await ctx.moderator.command('poll:open', { pollId: poll.id });
  return poll;
}

/** 3. Vote burst: N ballots in one poll within a few seconds. */
export async function voteBurst(ctx: Context): Promise<ScenarioResult> {
  const poll = await openPoll(ctx, `Vote du banc ${ctx.tag}`);
  const seen: { results: PollResults; at: number }[] = [];
  const stop = ctx.projector.onEvent((name, payload, at) => {
    if (name === 'poll:results') seen.push({ results: payload as PollResults, at });
  });
  // All N within a few seconds, offered faster than a bare server acks them (capacity, not pace).
  const windowMs = Math.min(3000, Math.max(200, ctx.n / 5));
  const choiceOf = (i: number) => poll.options[i % poll.options.length]!.id;
  const ballot = (i: number, at: number): Submission => ({
    participant: i,
    name: 'poll:vote',
    payload: { pollId: poll.id, clientId: `${ctx.tag}v${i}`, choices: [choiceOf(i)] },
    at,
  });
  await ctx.pool.counts();
  const cpu0 = serverCpu(ctx);
  const redis0 = redisCpu(ctx);
  const acks = await ctx.pool.burst(
    Array.from({ length: ctx.n }, (_, i) => ballot(i, Math.random() * windowMs)),
    60_000,
  );
  const cpuBurst = serverCpu(ctx) - cpu0;
  const redisBurst = redisCpu(ctx) - redis0;
  const ok = acks.map((a, i) => ({ a, i })).filter(({ a }) => a.ok);
  const firstSent = Math.min(...acks.map((a) => a.sentAt));
  const lastAck = Math.max(...ok.map(({ a }) => a.ackAt));
  const latency = summarise(ok.map(({ a }) => a.ackAt - a.sentAt));

  // Projector staleness: from the last ack to the projector holding a count of every ballot.
  const deadline = now() + 20_000;
  let final: { results: PollResults; at: number } | undefined;
  while (!final && now() < deadline) {
    // The bare servers replay a captured poll id.
    final = seen.find(
      (s) => (!ctx.ours || s.results.pollId === poll.id) && s.results.all.ballots >= ok.length,
    );
    if (!final) await sleep(10);
  }
  // Re-sent ballots (same client ids), as after a drop: acked again, counted once.
  const resend = Array.from({ length: Math.max(1, Math.floor(ctx.n / 100)) }, (_, k) =>
    ballot((k * 97) % ctx.n, 0),
  );
  const again = await ctx.pool.burst(resend, 30_000);
  const delivered = total(await ctx.pool.counts());
  const closed = ctx.projector.next('poll:results', (r) => r.pollId === poll.id && r.final);
  await ctx.moderator.command('poll:close', { pollId: poll.id });
  // The bare servers keep no poll and send no final results.
  const last = ctx.ours ? await Promise.race([closed, sleep(10_000).then(() => null)]) : null;
  stop();

  const checks: Check[] = [];
  if (ctx.ours) {
    const expected = tallyOf(
      poll,
      ok.map(({ i }) => ({ i, choice: choiceOf(i) })),
    );
    const got = last
      ? { all: last.payload.all, onsite: last.payload.onsite, remote: last.payload.remote }
      : null;
    checks.push(
      check('every ballot acknowledged (zero lost)', ok.length === ctx.n, `${ok.length}/${ctx.n} ok`),
      check(
        're-sent ballots acknowledged',
        again.every((a) => a.ok),
        `${again.filter((a) => a.ok).length}/${again.length}`,
      ),
      check(
        'final tally exact, split included (zero doubled)',
        got !== null && sameTally(got, expected),
        got ? `all.ballots ${got.all.ballots} for ${ok.length} ballots` : 'no final results',
      ),
    );
  }
  return {
    figures: {
      'ballots acked': ok.length,
      'ballots offered per second': ctx.n / (windowMs / 1000),
      'acks per second': ok.length / ((lastAck - firstSent) / 1000),
      'ack p50 (ms)': latency.p50,
      'ack p99 (ms)': latency.p99,
      'ack max (ms)': latency.max,
      'projector staleness after last ack (ms)': final ? final.at - lastAck : NaN,
      'results messages delivered': delivered,
      'server CPU per ballot (µs)': (cpuBurst * 1000) / Math.max(1, ok.length),
      'Redis CPU per ballot (µs)': (redisBurst * 1000) / Math.max(1, ok.length),
    },
    checks,
  };
}

/** 4. Q&A storm: questions asked at once, a moderator approving, then upvotes at once. */
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

  // The moderator approves as many as its command budget allows at once (burst 40).
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

export const scenarios: Record<Exclude<ScenarioName, 'join'>, (ctx: Context) => Promise<ScenarioResult>> = {
  fanout,
  vote: voteBurst,
  qa: qaStorm,
  reconnect: reconnectStorm,
};

export { round };
