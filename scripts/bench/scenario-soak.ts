/**
 * 8. Soak (loopback only, stops by itself): the joined participants stay for `soakMinutes` (60, 5
 * with `--quick`) doing what a plenary does every minute — 2 % leave and come back a minute later
 * with their code, 20 questions asked and up to 10 approved, then 10 % of the participants upvote an
 * approved one, a poll (60 % vote) or a word cloud (30 % send a word) opened, shown and closed (the
 * plan: soak-plan.ts), 10 % of them (remote viewers) beat every 30 s. Every node's RSS, V8 heap and
 * event-loop lag (prom-client, on `/metrics`) are sampled every minute; the least-squares slopes say
 * whether they stay flat, and the ledger of what was acknowledged is compared with what the server
 * holds at the end, every activity at least once. With the
 * embedded store the server is then restarted on the soak's data folder, and its heap after a full
 * collection compared with the soak's: what the process held beyond its data.
 */
import type { Cloud, Poll } from '@agora/shared';
import { sampleNode, type NodeSample } from './accounting.ts';
import type { Submission } from './pool.ts';
import { beats } from './scenario-beats.ts';
import type { Probe } from './probe.ts';
import { redisUsedMemory } from './redis-info.ts';
import type { BenchNode } from './servers.ts';
import { check, sleep, tallyOf, type Context, type ScenarioResult } from './scenario-kit.ts';
import { activityCheck, emptyLedger, verifyLedger, type Observed, type SoakLedger } from './soak-ledger.ts';
import { pick, roundsOf, upvoteRound, type Approved, type Round } from './soak-plan.ts';
import { slope } from './stats.ts';
import { now, type AckResult } from './thin-client.ts';

const MINUTE_MS = 60_000;
const WORDS = ['écoute', 'climat', 'avenir', 'dialogue', 'énergie', 'solidarité', 'transport', 'santé'];

/** The moderator's commands, sent again when the store did not answer in time (as the console does). */
type Moderator = Pick<Probe, 'command'>;

function patientModerator(ctx: Context, refused: Map<string, number>): Moderator {
  return {
    async command(name, input) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await ctx.moderator.command(name, input);
        } catch (error) {
          // Up to 5 tries, 1 s apart; counted, so the "no command refused" check still fails.
          if (attempt >= 5 || !String(error).includes('UNAVAILABLE')) throw error;
          const key = 'UNAVAILABLE (moderator, sent again)';
          refused.set(key, (refused.get(key) ?? 0) + 1);
          await sleep(1000);
        }
      }
    },
  };
}

interface Minute {
  ctx: Context;
  mod: Moderator;
  ledger: SoakLedger;
  present: number[];
  minute: number;
  refused: Map<string, number>;
  /** Question number → the participant who asked it (not to upvote their own). */
  askers: Map<number, number>;
}

/** Sends the submissions, counts refusals, and returns which ones were acked. */
async function send(m: Minute, items: Submission[], windowMs: number): Promise<boolean[]> {
  const acks: AckResult[] = await m.ctx.pool.burst(items, windowMs + 60_000);
  for (const a of acks) if (!a.ok) m.refused.set(a.code, (m.refused.get(a.code) ?? 0) + 1);
  return acks.map((a) => a.ok);
}

async function questions(m: Minute): Promise<void> {
  const { ctx } = m;
  const base = m.minute * 20;
  const askers = pick(m.present, 20);
  askers.forEach((p, k) => m.askers.set(base + k, p));
  const ok = await send(
    m,
    askers.map((p, k) => ({
      participant: p,
      name: 'question:ask',
      payload: {
        sessionId: ctx.edition.sessionId,
        clientId: `${ctx.tag}s${base + k}`,
        text: `Question d’endurance ${ctx.tag} s${base + k} : et ensuite ?`,
      },
      at: Math.random() * 40_000,
    })),
    40_000,
  );
  ok.forEach((acked, k) => acked && m.ledger.asked.add(base + k));
}

/** The minute's upvotes, over 40 s from the moderator's pass, on what is approved by then. */
async function upvotes(m: Minute, approved: Approved[]): Promise<void> {
  const items = upvoteRound(m.present, approved, m.askers);
  const ok = await send(
    m,
    items.map(({ p, q }) => ({
      participant: p,
      name: 'question:upvote',
      payload: { questionId: q.id, up: true },
      at: Math.random() * 40_000,
    })),
    40_000,
  );
  items.forEach(({ p, q }, j) => {
    if (!ok[j]) return;
    const set = m.ledger.upvotes.get(q.id) ?? new Set<number>();
    set.add(p);
    m.ledger.upvotes.set(q.id, set);
  });
}

async function pollRound(m: Minute): Promise<void> {
  const { ctx } = m;
  const poll: Poll = await m.mod.command('poll:create', {
    sessionId: ctx.edition.sessionId,
    draft: {
      question: `Vote d’endurance ${ctx.tag} ${m.minute}`,
      kind: 'single',
      options: ['Oui', 'Non', 'Peut-être'],
    },
  });
  await m.mod.command('poll:open', { pollId: poll.id });
  await m.mod.command('screen:show', {
    sessionId: ctx.edition.sessionId,
    item: { kind: 'poll', id: poll.id, split: false },
  });
  const voters = pick(m.present, Math.round(m.present.length * 0.6));
  const choiceOf = (i: number) => poll.options[i % poll.options.length]!.id;
  const ok = await send(
    m,
    voters.map((i) => ({
      participant: i,
      name: 'poll:vote',
      payload: { pollId: poll.id, clientId: `${ctx.tag}p${m.minute}-${i}`, choices: [choiceOf(i)] },
      at: Math.random() * 20_000,
    })),
    20_000,
  );
  await m.mod.command('poll:close', { pollId: poll.id });
  const acked = voters.filter((_, j) => ok[j]).map((i) => ({ i, choice: choiceOf(i) }));
  m.ledger.polls.set(poll.id, tallyOf(poll, acked));
}

async function cloudRound(m: Minute): Promise<void> {
  const { ctx } = m;
  const cloud: Cloud = await m.mod.command('cloud:create', {
    sessionId: ctx.edition.sessionId,
    draft: { prompt: `Un mot ${m.minute}`, maxWordsPerParticipant: 3, maxLength: 30, visibility: 'live' },
  });
  await m.mod.command('cloud:open', { cloudId: cloud.id });
  await m.mod.command('screen:show', {
    sessionId: ctx.edition.sessionId,
    item: { kind: 'cloud', id: cloud.id },
  });
  const senders = pick(m.present, Math.round(m.present.length * 0.3));
  const ok = await send(
    m,
    senders.map((i) => ({
      participant: i,
      name: 'cloud:submit',
      payload: { cloudId: cloud.id, clientId: `${ctx.tag}c${m.minute}-${i}`, text: WORDS[i % WORDS.length]! },
      at: Math.random() * 20_000,
    })),
    20_000,
  );
  await m.mod.command('cloud:close', { cloudId: cloud.id });
  const acked = senders.filter((_, j) => ok[j]);
  m.ledger.clouds.set(cloud.id, { submitters: new Set(acked), words: acked.length });
}

/** Approves up to 10 of this run's pending questions; every approved one so far (number and id). */
async function approvePending(ctx: Context, mod: Moderator): Promise<Approved[]> {
  const re = new RegExp(`${ctx.tag} s(\\d+) `);
  const snap = await mod.command('moderation:join', { sessionId: ctx.edition.sessionId });
  const ours = snap.qa.questions.flatMap((q) => {
    const match = re.exec(q.text);
    return match ? [{ id: q.id, k: Number(match[1]), status: q.status }] : [];
  });
  for (const q of ours.filter((x) => x.status === 'pending').slice(0, 10)) {
    await mod.command('question:moderate', { questionId: q.id, action: 'approve' });
    q.status = 'approved';
  }
  return ours.filter((q) => q.status === 'approved');
}

/**
 * The moderator's pass, 5 s into the minute. In the first minute none of the 20 questions (spread
 * over 40 s) may be asked by then (measured: 0, 1 or 4 of them at that pass on a loaded machine), so
 * while nothing of this run is approved yet the moderator looks again every second until `until`.
 */
async function moderate(ctx: Context, mod: Moderator, until: number): Promise<Approved[]> {
  for (;;) {
    const approved = await approvePending(ctx, mod);
    if (approved.length > 0 || now() >= until) return approved;
    await sleep(1000);
  }
}

async function observe(ctx: Context, mod: Moderator): Promise<Observed> {
  const re = new RegExp(`${ctx.tag} s(\\d+) `);
  const snap = await mod.command('moderation:join', { sessionId: ctx.edition.sessionId });
  const observed: Observed = { questions: new Map(), votes: new Map(), polls: new Map(), clouds: new Map() };
  for (const q of snap.qa.questions) {
    const match = re.exec(q.text);
    if (!match) continue;
    const k = Number(match[1]);
    observed.questions.set(k, (observed.questions.get(k) ?? 0) + 1);
    observed.votes.set(q.id, q.votes);
  }
  for (const r of snap.interactions.pollResults)
    observed.polls.set(r.pollId, { all: r.all, onsite: r.onsite, remote: r.remote });
  for (const r of snap.interactions.cloudResults)
    observed.clouds.set(r.cloudId, {
      participants: r.participants,
      words: r.words.reduce((s, w) => s + w.count, 0),
    });
  return observed;
}

async function sample(ctx: Context, minute: number): Promise<Record<string, number>> {
  const nodes = await Promise.all(ctx.dep.nodes.map((n) => sampleNode(n.url, n.pid())));
  const sum = (f: (s: (typeof nodes)[number]) => number) => nodes.reduce((a, s) => a + f(s), 0);
  return {
    minute,
    'RSS (MiB)': sum((s) => s.rssMiB),
    'heap used (MiB)': sum((s) => s.heapUsedMiB),
    'event-loop lag p50 (ms)': Math.max(...nodes.map((s) => s.lagP50Ms)),
    'event-loop lag p99 (ms)': Math.max(...nodes.map((s) => s.lagP99Ms)),
    'event-loop lag max (ms)': Math.max(...nodes.map((s) => s.lagMaxMs)),
    'Redis used memory (MiB)': (await redisUsedMemory(ctx.dep.redis.map((r) => r.url))) / 1048576,
  };
}

/**
 * The node's heap and RSS once only what is alive remains: a full collection (inspector.ts), then
 * the least of three readings a second apart (a reading allocates a little, and a collection the
 * process starts by itself can only lower it). `gc` says whether the collection could be forced.
 */
async function settled(node: BenchNode): Promise<NodeSample & { gc: boolean }> {
  let gc = true;
  await node.collectGarbage!().catch(() => (gc = false));
  const readings: NodeSample[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) await sleep(1000);
    readings.push(await sampleNode(node.url, node.pid()));
  }
  const least = (f: (s: NodeSample) => number) => Math.min(...readings.map(f));
  return {
    ...readings.at(-1)!,
    heapUsedMiB: least((s) => s.heapUsedMiB),
    rssMiB: least((s) => s.rssMiB),
    gc,
  };
}

/** Waits until the node says no socket is open any more (30 s at most); the count it ended on. */
async function socketsGone(node: BenchNode): Promise<number> {
  const deadline = now() + 30_000;
  for (;;) {
    const { sockets } = await sampleNode(node.url, node.pid());
    if (sockets === 0 || now() > deadline) return sockets;
    await sleep(500);
  }
}

/**
 * Accumulated data or a leak? The embedded store keeps its records in memory, so a heap that grows
 * through the soak may be only the soak's data. Compared after a full collection each: the node at
 * the soak's end (clients connected, then gone), and the same node restarted on the same DATA_DIR
 * once it has loaded the journal. Their difference is what the running process holds beyond its
 * data. Closes every client: the soak is the last scenario of a run.
 */
async function heapBeyondData(ctx: Context): Promise<Pick<ScenarioResult, 'figures' | 'checks'>> {
  const node = ctx.dep.nodes[0]!;
  const connected = await settled(node);
  for (const p of [ctx.moderator, ctx.projector, ...ctx.participants]) p.close();
  await ctx.pool.closeClients();
  const left = await socketsGone(node);
  // A margin for anything a disconnect releases after the count drops (not measured: 5 s is cheap).
  await sleep(5000);
  const gone = await settled(node);
  const { downAt, upAt } = await node.restart();
  await sleep(5000);
  const fresh = await settled(node);
  return {
    figures: {
      'heap after the soak, clients connected (MiB)': connected.heapUsedMiB,
      'heap after the soak, clients gone (MiB)': gone.heapUsedMiB,
      'heap of a fresh start on the same data (MiB)': fresh.heapUsedMiB,
      'heap held beyond the data (MiB)': gone.heapUsedMiB - fresh.heapUsedMiB,
      'RSS after the soak, clients gone (MiB)': gone.rssMiB,
      'RSS of a fresh start on the same data (MiB)': fresh.rssMiB,
      'restart on the soak’s data until ready (s)': (upAt - downAt) / 1000,
    },
    checks: [
      check(
        'a full garbage collection ran before each heap reading',
        connected.gc && gone.gc && fresh.gc,
        `soak end ${connected.gc}, clients gone ${gone.gc}, fresh start ${fresh.gc}`,
      ),
      check('every socket closed before the clients-gone reading', left === 0, `${left} still open`),
    ],
  };
}

/** Reasons counted with the minutes they were seen in. */
type Reasons = Map<string, { count: number; minutes: Set<number> }>;

function countReason(reasons: Reasons, reason: string, minute: number): void {
  const seen = reasons.get(reason) ?? { count: 0, minutes: new Set<number>() };
  seen.count += 1;
  seen.minutes.add(minute);
  reasons.set(reason, seen);
}

/** « join 503 × 3 (minutes 7, 12) » for each reason. */
const reasonsText = (reasons: Reasons) =>
  [...reasons].map(
    ([reason, { count, minutes }]) => `${reason} × ${count} (minutes ${[...minutes].join(', ')})`,
  );

export async function soak(ctx: Context): Promise<ScenarioResult> {
  if (!ctx.ours) return { figures: {}, checks: [] };
  const minutes = ctx.soakMinutes;
  const ledger = emptyLedger();
  const refused = new Map<string, number>();
  const askers = new Map<number, number>();
  const mod = patientModerator(ctx, refused);
  const everyone = Array.from({ length: ctx.n }, (_, i) => i);
  // 10 % of the participants watch remotely (remote registrants are the odd ones).
  const viewers = everyone.filter((i) => i % 10 === 1);
  let away: number[] = [];
  let rejoined = 0;
  // Why rejoins failed, and in which minutes: « join 503 × 3 (minutes 7, 12) »; those not back after
  // the join page's automatic tries, and those back only after a first try failed.
  const notBack: Reasons = new Map();
  const backLater: Reasons = new Map();
  let retried = 0;
  const comeBack = async (minute: number) => {
    const outcome = await ctx.pool.rejoin(away);
    rejoined += outcome.back;
    retried += outcome.retried.length;
    for (const reason of outcome.failures) countReason(notBack, reason, minute);
    for (const reason of outcome.retried) countReason(backLater, reason, minute);
  };
  let left = 0;
  let beatsAcked = 0;
  // The first scrape's lag covers the join rush (prom-client resets it at every scrape): not the soak's.
  const first = await sample(ctx, 0);
  for (const k of Object.keys(first)) if (k.startsWith('event-loop')) first[k] = NaN;
  const series = [first];
  for (let minute = 0; minute < minutes; minute++) {
    const start = now();
    if (away.length > 0) await comeBack(minute);
    const awaySet = new Set(pick(everyone, Math.max(1, Math.round(ctx.n / 50))));
    away = [...awaySet];
    left += away.length;
    await ctx.pool.leave(away);
    const present = everyone.filter((i) => !awaySet.has(i));
    const m: Minute = { ctx, mod, ledger, present, minute, refused, askers };
    const watching = new Set(viewers.filter((i) => !awaySet.has(i)));
    // One player tab per viewer for the whole soak, beating about every 30 s.
    const beat = async (half: number) => {
      const ok = await send(
        m,
        beats(ctx, 'soak', 29_000)
          .filter((b) => watching.has(b.participant))
          .map((b) => ({ ...b, at: b.at + half * 30_000 })),
        59_000,
      );
      beatsAcked += ok.filter(Boolean).length;
    };
    const round: Record<Round, (m: Minute) => Promise<void>> = { poll: pollRound, cloud: cloudRound };
    const rounds = async () => {
      for (const kind of roundsOf(minute, minutes)) await round[kind](m);
    };
    await Promise.all([
      questions(m),
      sleep(5_000)
        .then(() => moderate(ctx, mod, start + 45_000))
        .then((approved) => upvotes(m, approved)),
      rounds(),
      beat(0),
      beat(1),
    ]);
    await sleep(Math.max(0, start + MINUTE_MS - now()));
    series.push(await sample(ctx, minute + 1));
  }
  if (away.length > 0) await comeBack(minutes);
  await sleep(3000);
  const checks = verifyLedger(ledger, await observe(ctx, mod));
  const refusals = [...refused].map(([code, count]) => `${code} × ${count}`).join(', ');
  checks.push(
    activityCheck(ledger, { leaves: left, beats: beatsAcked }),
    check(
      'every participant who left came back',
      rejoined === left,
      [
        `${rejoined}/${left}`,
        ...reasonsText(notBack),
        ...(backLater.size > 0 ? [`back after another try: ${reasonsText(backLater).join(', ')}`] : []),
      ].join('; '),
    ),
    check('no command refused or timed out', refused.size === 0, refusals || 'none'),
  );
  const x = series.map((s) => s.minute!);
  const slopeOf = (name: string) =>
    slope(
      x,
      series.map((s) => s[name]!),
    );
  const restart = ctx.dep.target === 'ours-embedded' ? await heapBeyondData(ctx) : null;
  if (restart) checks.push(...restart.checks);
  return {
    figures: {
      minutes,
      'RSS at start (MiB)': series[0]!['RSS (MiB)']!,
      'RSS at end (MiB)': series.at(-1)!['RSS (MiB)']!,
      'RSS slope (MiB/min)': slopeOf('RSS (MiB)'),
      'heap used slope (MiB/min)': slopeOf('heap used (MiB)'),
      'event-loop lag p99 slope (ms/min)': slopeOf('event-loop lag p99 (ms)'),
      'event-loop lag p99, worst minute (ms)': Math.max(
        ...series.slice(1).map((s) => s['event-loop lag p99 (ms)']!),
      ),
      'Redis used memory slope (MiB/min)': slopeOf('Redis used memory (MiB)'),
      'questions acked': ledger.asked.size,
      'upvotes acked': [...ledger.upvotes.values()].reduce((s, v) => s + v.size, 0),
      'questions upvoted': ledger.upvotes.size,
      'polls closed': ledger.polls.size,
      'clouds closed': ledger.clouds.size,
      'leaves and rejoins': left,
      'rejoins back only after another try': retried,
      ...restart?.figures,
    },
    checks,
    series,
  };
}
