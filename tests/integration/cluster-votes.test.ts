import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyBallot, Poll, PollResults } from '@agora/shared';
import { actor, clientId, reconnect, type Actor } from '../support/actors.ts';
import { expectedTally, joinCrowd, talliesOf, Wire, type Voter } from '../support/crowd.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { withRedisStore, type SeededParticipant } from '../support/seed.ts';
import {
  closeAllSockets,
  command,
  ok,
  record,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// Polls on two (then three) real server processes sharing one real redis-server (AOF, appendfsync
// always), with a crowd of 200 registrants added to Redis next to the demo. Clients pick their
// node, as a load balancer would.

const CROWD = 200;
let redis: RedisServer;
let env: Record<string, string>;
const started: RunningServer[] = [];
let a: RunningServer;
let b: RunningServer;
let plenary: string;
let seeded: SeededParticipant[];
let modA: Actor;
let modB: Actor;

async function node(dataDir?: string): Promise<RunningServer> {
  const server = await startServer({ env, ...(dataDir ? { dataDir } : {}) });
  started.push(server);
  return server;
}

beforeAll(async () => {
  redis = await startRedis({ appendonly: true });
  const prefix = randomPrefix();
  const secret = randomBytes(32).toString('base64url');
  env = { REDIS_URL: redis.url, REDIS_PREFIX: prefix, SECRET: secret };
  a = await node();
  // The other nodes share the first one's data folder only to read the demo codes it printed.
  b = await node(a.dataDir);
  plenary = a.demo.plenarySessionId;
  seeded = await withRedisStore({ url: redis.url, prefix, secret }, async (seed) =>
    seed.participants(await seed.editionIdOf(a.demo.slug), CROWD),
  );
  modA = await actor(a, 'moderator', 0);
  modB = await actor(b, 'moderator', 1);
  await ok(modA.socket, 'moderation:join', { sessionId: plenary });
  await ok(modB.socket, 'moderation:join', { sessionId: plenary });
  await ok(modA.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 0 });
}, 120_000);

afterAll(async () => {
  closeAllSockets();
  for (const server of started) await server.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
  await redis?.stop();
});

async function openPoll(question: string): Promise<Poll> {
  const draft = await ok(modA.socket, 'poll:create', {
    sessionId: plenary,
    draft: { question, kind: 'single', options: ['Oui', 'Non', 'Peut-être', 'Sans avis'] },
  });
  return ok(modB.socket, 'poll:open', { pollId: draft.id });
}

async function resultsOf(mod: Actor, pollId: string): Promise<PollResults> {
  const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: plenary }).then(
    (s) => s.interactions,
  );
  const results = snapshot.pollResults.find((r) => r.pollId === pollId);
  if (!results) throw new Error(`no results for poll ${pollId}`);
  return results;
}

type Latest = MyBallot & { attendance: Voter['attendance'] };

/** The results with the highest version among those received: what a client keeps showing. */
const newest = (events: PollResults[], pollId: string) =>
  events
    .filter((r) => r.pollId === pollId)
    .reduce<PollResults | null>((best, r) => (!best || r.version > best.version ? r : best), null);

describe('votes on two nodes sharing Redis', () => {
  it('counts voters split across both nodes exactly, with changes and retries sent through the other node', async () => {
    const people = seeded.slice(0, 160);
    const onA = await joinCrowd(
      a.url,
      a.demo.slug,
      people.filter((_, i) => i % 2 === 0),
    );
    const onB = await joinCrowd(
      b.url,
      b.demo.slug,
      people.filter((_, i) => i % 2 === 1),
    );
    const voters = [...onA, ...onB];
    const phones = [onA[0]!, onB[0]!, onA[1]!, onB[1]!].map((v) => new Wire(v.socket));
    await Promise.all(
      phones.map((w) => ok(w.socket, 'session:join', { sessionId: plenary }).then((s) => s.interactions)),
    );
    const watchA = record(modA.socket, 'poll:results');
    const watchB = record(modB.socket, 'poll:results');
    const poll = await openPoll('Deux nœuds, un seul décompte ?');
    const ids = poll.options.map((o) => o.id);
    const latest = new Map<string, Latest>();

    await Promise.all(
      voters.map(async (v, i) => {
        const c1 = clientId('split');
        let mine = await ok(v.socket, 'poll:vote', { pollId: poll.id, clientId: c1, choices: [ids[i % 4]!] });
        if (i % 3 === 0) {
          // The same ballot retried through the other node (a phone that switched networks).
          const other = await reconnect(onA.includes(v) ? b : a, v);
          const retried = await Promise.all([
            ok(other.socket, 'poll:vote', { pollId: poll.id, clientId: c1, choices: [ids[i % 4]!] }),
            ok(v.socket, 'poll:vote', { pollId: poll.id, clientId: c1, choices: [ids[i % 4]!] }),
          ]);
          for (const r of retried) expect(r).toEqual(mine);
          if (i % 2 === 0) {
            mine = await ok(other.socket, 'poll:vote', {
              pollId: poll.id,
              clientId: clientId('moved'),
              choices: [ids[(i + 2) % 4]!],
            });
          }
          other.socket.close();
        } else if (i % 2 === 0) {
          mine = await ok(v.socket, 'poll:vote', {
            pollId: poll.id,
            clientId: clientId('change'),
            choices: [ids[(i + 1) % 4]!],
          });
        }
        latest.set(v.me.id, { ...mine, attendance: v.attendance });
      }),
    );
    const expected = expectedTally(poll, latest.values());
    expect(expected.all.ballots).toBe(voters.length);

    const finalA = watchA.until((r) => r.pollId === poll.id && r.final);
    const finalB = watchB.until((r) => r.pollId === poll.id && r.final);
    expect((await ok(modB.socket, 'poll:close', { pollId: poll.id })).status).toBe('closed');
    for (const r of await Promise.all([finalA, finalB])) expect(talliesOf(r)).toEqual(expected);
    const finals = await Promise.all(
      phones.map((w) => w.until('poll:results', (r) => r.pollId === poll.id && r.final)),
    );
    for (const r of finals) expect(talliesOf(r)).toEqual(expected);

    // Each node coalesces its own marks: still a handful of broadcasts for hundreds of changes.
    const exact = await resultsOf(modA, poll.id);
    expect(talliesOf(exact)).toEqual(expected);
    for (const watch of [watchA, watchB]) {
      const sent = watch.events.filter((r) => r.pollId === poll.id);
      expect(sent.length).toBeLessThan(exact.version / 5);
      expect(newest(sent, poll.id)).toEqual(exact);
    }
    expect(phones.flatMap((w) => w.invalid)).toEqual([]);
    watchA.stop();
    watchB.stop();
  });

  it('sends live results to the sockets of every node, each flush once, whichever node takes the ballots', async () => {
    const people = seeded.slice(160, 200);
    const onA = await joinCrowd(a.url, a.demo.slug, people.slice(0, 30));
    const onB = await joinCrowd(b.url, b.demo.slug, people.slice(30, 40));
    const phones = [...onA.slice(20), ...onB].map((v) => new Wire(v.socket));
    await Promise.all(
      phones.map((w) => ok(w.socket, 'session:join', { sessionId: plenary }).then((s) => s.interactions)),
    );
    const watchB = record(modB.socket, 'poll:results');
    const poll = await openPoll('Deux nœuds, des résultats en direct pour tous ?');
    // Two ballots through node A for one through node B, one every 40 ms: each node sends the
    // results to its own sockets and signals its changes to the other.
    const voters = onA.slice(0, 20).flatMap((v, i) => (i % 2 === 1 ? [v, onB[(i - 1) / 2]!] : [v]));
    const startedAt = Date.now();
    for (const [i, v] of voters.entries()) {
      await ok(v.socket, 'poll:vote', {
        pollId: poll.id,
        clientId: clientId('live'),
        choices: [poll.options[i % 4]!.id],
      });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const all = voters.length;
    const live = await watchB.until((r) => r.pollId === poll.id && r.all.ballots === all);
    expect(live.final).toBe(false);
    for (const phone of phones) {
      await phone.until('poll:results', (r) => r.pollId === poll.id && r.all.ballots === all);
    }
    const elapsed = Date.now() - startedAt;
    for (const phone of phones) {
      const versions = phone
        .of('poll:results')
        .filter((r) => r.pollId === poll.id)
        .map((r) => r.version);
      // One node's flushes (at most one per 250 ms), not every node's. The same results come at
      // most twice: live ones go out volatile, and after a quiet interval once more, reliably.
      expect(versions.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 3);
      const times = new Map<number, number>();
      for (const v of versions) times.set(v, (times.get(v) ?? 0) + 1);
      expect(Math.max(...times.values())).toBeLessThanOrEqual(2);
      expect(versions).toEqual([...versions].sort((x, y) => x - y));
    }
    watchB.stop();
    for (const v of [...onA, ...onB]) v.socket.close();
  });

  it('loses and doubles no ballot when a node is killed mid-burst and its clients re-send through the other node', async () => {
    const victim = await node(a.dataDir);
    const people = seeded.slice(0, CROWD);
    // Most of the crowd on the node that will die, the rest on a node that stays up.
    const onVictim = await joinCrowd(
      victim.url,
      victim.demo.slug,
      people.filter((_, i) => i % 4 !== 3),
    );
    const onA = await joinCrowd(
      a.url,
      a.demo.slug,
      people.filter((_, i) => i % 4 === 3),
    );
    const watch = record(modA.socket, 'poll:results');
    const poll = await openPoll('Une panne au milieu du vote ?');
    const ids = poll.options.map((o) => o.id);

    // Each phone's outbox: a ballot, and for most a change of mind or two, sent one after the other.
    type Outbox = { who: Voter; ballots: { clientId: string; choices: string[] }[]; acked: number };
    const outboxes: Outbox[] = [...onVictim, ...onA].map((who, i) => ({
      who,
      acked: 0,
      ballots: [0, 1, 2]
        .slice(0, (i % 3) + 1)
        .map((k) => ({ clientId: clientId('outbox'), choices: [ids[(i + k) % 4]!] })),
    }));
    const total = outboxes.filter((o) => onVictim.includes(o.who)).reduce((n, o) => n + o.ballots.length, 0);
    const gone = new Map(
      onVictim.map((v) => [
        v.socket,
        new Promise<'gone'>((resolve) => v.socket.once('disconnect', () => resolve('gone'))),
      ]),
    );
    let ackedOnVictim = 0;
    let killed: Promise<unknown> | null = null;
    await Promise.all(
      outboxes.map(async (o) => {
        for (const ballot of o.ballots) {
          const sent = command(o.who.socket, 'poll:vote', { pollId: poll.id, ...ballot });
          const ack = await Promise.race([sent, gone.get(o.who.socket) ?? sent]);
          if (ack === 'gone') return;
          expect(ack).toEqual({ ok: true, data: { pollId: poll.id, ...ballot } });
          o.acked += 1;
          if (!gone.has(o.who.socket)) continue;
          ackedOnVictim += 1;
          // Half-way through the victim's acks, it dies without a chance to flush or say goodbye.
          if (ackedOnVictim === Math.floor(total / 2)) killed ??= victim.kill('SIGKILL');
        }
      }),
    );
    expect((await (killed ?? victim.kill('SIGKILL'))) as unknown).toMatchObject({ signal: 'SIGKILL' });
    expect(ackedOnVictim).toBeGreaterThanOrEqual(Math.floor(total / 2));
    expect(ackedOnVictim).toBeLessThan(total);

    // The victim's phones reconnect to node B and re-send their outbox from the first unacknowledged
    // ballot, with the same client ids; some re-send everything, acknowledged ballots included.
    const moved = outboxes.filter((o) => gone.has(o.who.socket));
    await Promise.all(
      moved.map(async (o, i) => {
        const again = await reconnect(b, o.who);
        for (const ballot of o.ballots.slice(i % 4 === 0 ? 0 : o.acked)) {
          const ack = await ok(again.socket, 'poll:vote', { pollId: poll.id, ...ballot });
          expect(ack.pollId).toBe(poll.id);
        }
        const view = await ok(again.socket, 'session:join', { sessionId: plenary }).then(
          (s) => s.interactions,
        );
        expect(view.myBallots.find((m) => m.pollId === poll.id)).toEqual({
          pollId: poll.id,
          ...o.ballots.at(-1)!,
        });
      }),
    );
    const expected = expectedTally(
      poll,
      outboxes.map((o) => ({ attendance: o.who.attendance, choices: o.ballots.at(-1)!.choices })),
    );
    expect(expected.all.ballots).toBe(CROWD);

    const final = watch.until((r) => r.pollId === poll.id && r.final);
    await ok(modB.socket, 'poll:close', { pollId: poll.id });
    expect(talliesOf(await final)).toEqual(expected);
    expect(talliesOf(await resultsOf(modB, poll.id))).toEqual(expected);
    watch.stop();
  });

  it('ends a remote window on time even when the node that closed the poll dies', async () => {
    const closer = await node(a.dataDir);
    const modC = await actor(closer, 'moderator', 0);
    await ok(modA.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 1 });
    const poll = await openPoll('Qui ferme la fenêtre quand le nœud tombe ?');
    const [voter] = await joinCrowd(a.url, a.demo.slug, seeded.slice(0, 1));
    await ok(voter!.socket, 'poll:vote', {
      pollId: poll.id,
      clientId: clientId('orphan'),
      choices: [poll.options[0]!.id],
    });
    const finalOnA = record(modA.socket, 'poll:results');
    const closed = await ok(modC.socket, 'poll:close', { pollId: poll.id });
    expect(closed.status).toBe('closing');
    // The node that closed it (and armed the timer) dies before the remote window ends.
    await closer.kill('SIGKILL');
    const final = await finalOnA.until((r) => r.pollId === poll.id && r.final);
    expect(final.all.ballots).toBe(1);
    expect(
      (
        await ok(modB.socket, 'moderation:join', { sessionId: plenary }).then((s) => s.interactions)
      ).polls.find((p) => p.id === poll.id)?.status,
    ).toBe('closed');
    finalOnA.stop();
    await ok(modA.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 0 });
  });
});
