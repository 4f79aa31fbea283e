import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandInput, MyBallot, Poll, PollResults } from '@agora/shared';
import { actor, clientId, type Actor } from '../support/actors.ts';
import { expectedTally, inconsistencies, joinCrowd, talliesOf, Wire, type Voter } from '../support/crowd.ts';
import { withStoppedStore } from '../support/seed.ts';
import {
  closeAllSockets,
  codesOf,
  connect,
  nextEvent,
  ok,
  record,
  refused,
  removeDataDir,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

// One server whose data folder holds the demo plus a crowd of 300 more registrants (seeded while
// it was stopped): ballots are one per person, so hundreds of voters need hundreds of people.
// Every phone and the plenary's projector record every event they receive for the whole file.

const CROWD = 300;
const started: RunningServer[] = [];
let server: RunningServer;
let plenary: string;
let mod: Actor;
let projector: Actor;
let crowd: Voter[];
/** What each phone of the crowd and the projector received, from before the first poll. */
let wires: Wire[];

beforeAll(async () => {
  const first = await startServer();
  started.push(first);
  await first.stop();
  const seeded = await withStoppedStore(first.dataDir, async (seed) =>
    seed.participants(await seed.editionIdOf(first.demo.slug), CROWD),
  );
  server = await startServer({ dataDir: first.dataDir });
  started.push(server);
  plenary = server.demo.plenarySessionId;
  mod = await actor(server, 'moderator', 0);
  await ok(mod.socket, 'moderation:join', { sessionId: plenary }).then((s) => s.interactions);
  const screen = codesOf(server.demo, 'projector').findIndex((c) => c.sessionId === plenary);
  projector = await actor(server, 'projector', screen);
  crowd = await joinCrowd(server.url, server.demo.slug, seeded);
  wires = [...crowd, projector].map((a) => new Wire(a.socket));
  await Promise.all(
    [...crowd, projector].map((a) =>
      ok(a.socket, 'session:join', { sessionId: plenary }).then((s) => s.interactions),
    ),
  );
}, 120_000);

afterAll(async () => {
  closeAllSockets();
  for (const s of started) await s.stop();
  for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
});

type Draft = CommandInput<'poll:create'>['draft'];

/** A poll of the plenary, created and opened by the moderator. */
async function openPoll(draft: Draft, sessionId = plenary): Promise<Poll> {
  const poll = await ok(mod.socket, 'poll:create', { sessionId, draft });
  return ok(mod.socket, 'poll:open', { pollId: poll.id });
}

/** A poll's results as the moderator's snapshot shows them now. */
async function resultsOf(pollId: string, sessionId = plenary): Promise<PollResults> {
  const snapshot = await ok(mod.socket, 'moderation:join', { sessionId });
  const results = snapshot.interactions.pollResults.find((r) => r.pollId === pollId);
  if (!results) throw new Error(`no results for poll ${pollId}`);
  return results;
}

function setDelay(seconds: number) {
  return ok(mod.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: seconds });
}

/** A voter's latest acknowledged ballot, with their attendance mode for the split. */
type Latest = MyBallot & { attendance: Voter['attendance'] };

const vote = (who: Actor, pollId: string, choices: string[], id = clientId('ballot')) =>
  ok(who.socket, 'poll:vote', { pollId, clientId: id, choices });

describe('flash polls with a crowd', () => {
  it('counts three hundred concurrent voters exactly, with changed ballots, retries and late ballots', async () => {
    await setDelay(0);
    const modResults = record(mod.socket, 'poll:results');
    const openedAt = Date.now();
    const poll = await openPoll({
      question: 'Trois cents votants en même temps ?',
      kind: 'single',
      options: ['Oui', 'Non', 'Peut-être', 'Sans avis'],
    });
    const ids = poll.options.map((o) => o.id);
    const latest = new Map<string, Latest>();

    await Promise.all(
      crowd.map(async (v, i) => {
        const first = [ids[i % 4]!];
        const c1 = clientId('first');
        // A retry racing its original (the ack was lost): both answer the same ballot.
        const acks = await Promise.all((i % 3 === 0 ? [0, 1] : [0]).map(() => vote(v, poll.id, first, c1)));
        for (const ack of acks) expect(ack).toEqual({ pollId: poll.id, clientId: c1, choices: first });
        let mine: MyBallot = acks[0]!;
        if (i % 2 === 0) {
          const second = [ids[(i + 1) % 4]!];
          mine = await vote(v, poll.id, second);
          expect(mine.choices).toEqual(second);
        }
        if (i % 5 === 0) {
          // The first ballot's retry arrives after the change: it answers the current ballot.
          expect(await vote(v, poll.id, first, c1)).toEqual(mine);
        }
        if (i % 7 === 0) {
          // The same choices under a new id: acknowledged, counted nothing.
          const again = clientId('same');
          mine = await vote(v, poll.id, mine.choices, again);
          expect(mine.clientId).toBe(again);
        }
        latest.set(v.me.id, { ...mine, attendance: v.attendance });
      }),
    );
    const expected = expectedTally(poll, latest.values());
    expect(expected.all.ballots).toBe(CROWD);

    const final = modResults.until((r) => r.pollId === poll.id && r.final);
    expect((await ok(mod.socket, 'poll:close', { pollId: poll.id })).status).toBe('closed');
    const last = await final;
    const elapsed = Date.now() - openedAt;
    expect(talliesOf(last)).toEqual(expected);

    // Coalesced: a few whole results per second, each consistent, never one per vote.
    const sent = modResults.events.filter((r) => r.pollId === poll.id);
    const changes = CROWD + CROWD / 2; // every first ballot, and every change of mind
    expect(last.version).toBeGreaterThanOrEqual(changes);
    expect(sent.length).toBeLessThan(changes / 5);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 3);
    expect(sent.at(-1)).toEqual(last);
    expect(sent.flatMap((r) => inconsistencies(r, 1))).toEqual([]);
    for (const [k, r] of sent.entries())
      if (k > 0) expect(r.version).toBeGreaterThanOrEqual(sent[k - 1]!.version);
    expect(sent.filter((r) => r.final)).toHaveLength(1);

    // Live results reach every phone and the projector, ending on the exact final tally.
    const seen = await Promise.all(
      wires.map((w) => w.until('poll:results', (r) => r.pollId === poll.id && r.final)),
    );
    for (const r of seen) expect(r).toEqual(last);
    // The projector follows at the moderators' pace (same whole results, once each), not twice per flush.
    const onScreen = wires
      .at(-1)!
      .of('poll:results')
      .filter((r) => r.pollId === poll.id);
    expect(onScreen.map((r) => r.version)).toEqual(sent.map((r) => r.version));

    // After the close: a new ballot is CLOSED for everyone, a retry answers the ballot that counted.
    await Promise.all(
      crowd
        .filter((_, i) => i % 10 === 0)
        .map(async (v) => {
          const error = await refused(v.socket, 'poll:vote', {
            pollId: poll.id,
            clientId: clientId('late'),
            choices: [ids[3]!],
          });
          expect(error.code).toBe('CLOSED');
          const mine = latest.get(v.me.id)!;
          expect(await vote(v, poll.id, [ids[3]!], mine.clientId)).toEqual({
            pollId: poll.id,
            clientId: mine.clientId,
            choices: mine.choices,
          });
        }),
    );
    expect(await resultsOf(poll.id)).toEqual(last);
    expect(wires.flatMap((w) => w.invalid)).toEqual([]);
    modResults.stop();
  });

  it('refuses ballots a poll does not accept with INVALID_PAYLOAD, and they change nothing', async () => {
    const single = await openPoll({
      question: 'Un seul choix ?',
      kind: 'single',
      options: ['Oui', 'Non', 'Bof'],
    });
    const multiple = await openPoll({
      question: 'Deux priorités au plus ?',
      kind: 'multiple',
      options: ['Logement', 'Santé', 'École', 'Emploi', 'Culture'],
      maxChoices: 2,
    });
    const rating = await openPoll({
      question: 'Une note de 1 à 5 ?',
      kind: 'rating',
      scale: { min: 1, max: 5, minLabel: 'Pas du tout', maxLabel: 'Tout à fait' },
    });
    expect(multiple.maxChoices).toBe(2);
    expect(rating.options.map((o) => o.id)).toEqual(['1', '2', '3', '4', '5']);
    const [voter, newcomer] = crowd.slice(0, 2) as [Voter, Voter];
    await vote(voter, single.id, ['o2']);
    await vote(voter, multiple.id, ['o1', 'o3']);
    await vote(voter, rating.id, ['4']);
    const polls = [single, multiple, rating];
    const before = await Promise.all(polls.map((p) => resultsOf(p.id)));

    const bad: [Poll, unknown][] = [
      [single, ['o1', 'o2']],
      [single, ['o9']],
      [single, ['o1', 'o1']],
      [single, ['O1']],
      [multiple, ['o1', 'o2', 'o3']],
      [multiple, ['o2', 'o2']],
      [multiple, ['o6']],
      [rating, ['6']],
      [rating, ['0']],
      [rating, ['3', '4']],
      [rating, ['4.5']],
      // Refused by the command's schema, before any poll is read.
      [single, []],
      [single, 'o1'],
      [rating, [4]],
    ];
    for (const who of [voter, newcomer]) {
      for (const [poll, choices] of bad) {
        const error = await refused(who.socket, 'poll:vote', {
          pollId: poll.id,
          clientId: clientId(),
          choices,
        });
        expect(error.code, `${poll.pollKind} ${JSON.stringify(choices)}`).toBe('INVALID_PAYLOAD');
      }
    }
    for (const input of [
      { pollId: single.id, choices: ['o1'] },
      { pollId: single.id, clientId: 'short', choices: ['o1'] },
      { pollId: single.id, clientId: clientId(), choices: ['o1'], mode: 'onsite' },
    ]) {
      expect((await refused(newcomer.socket, 'poll:vote', input)).code).toBe('INVALID_PAYLOAD');
    }
    const unknown = await refused(newcomer.socket, 'poll:vote', {
      pollId: 'no-such-poll',
      clientId: clientId(),
      choices: ['o1'],
    });
    expect(unknown.code).toBe('NOT_FOUND');

    expect(await Promise.all(polls.map((p) => resultsOf(p.id)))).toEqual(before);
    const views = await Promise.all(
      [voter, newcomer].map(async (who) =>
        ok(await connect(server.url, who.token), 'session:join', { sessionId: plenary }).then(
          (s) => s.interactions,
        ),
      ),
    );
    const ballotsOf = (view: (typeof views)[number]) =>
      view.myBallots.filter((b) => polls.some((p) => p.id === b.pollId)).map((b) => [b.pollId, b.choices]);
    expect(ballotsOf(views[0]!)).toEqual([
      [single.id, ['o2']],
      [multiple.id, ['o1', 'o3']],
      [rating.id, ['4']],
    ]);
    expect(ballotsOf(views[1]!)).toEqual([]);

    // Within the rules, the same people are counted: up to maxChoices choices, one rating value.
    await vote(newcomer, multiple.id, ['o5', 'o1']);
    await vote(newcomer, rating.id, ['1']);
    const [m, r] = await Promise.all([resultsOf(multiple.id), resultsOf(rating.id)]);
    expect(m.all).toEqual({ ballots: 2, counts: { o1: 2, o2: 0, o3: 1, o4: 0, o5: 1 } });
    expect(r.all).toEqual({ ballots: 2, counts: { '1': 1, '2': 0, '3': 0, '4': 1, '5': 0 } });
  });

  it('sends a hidden poll’s results to moderators only, and to the audience once revealed', async () => {
    await setDelay(0);
    const from = wires.map((w) => w.received.length);
    const modResults = record(mod.socket, 'poll:results');
    const poll = await openPoll({
      question: 'Cette table ronde vous a-t-elle été utile ?',
      kind: 'rating',
      scale: { min: 1, max: 5, minLabel: '', maxLabel: '' },
      visibility: 'hidden',
    });
    expect(poll).toMatchObject({ visibility: 'hidden', revealed: false, status: 'open' });
    const voters = crowd.slice(0, 60);
    const latest = await Promise.all(
      voters.map(async (v, i) => ({
        ...(await vote(v, poll.id, [String((i % 5) + 1)])),
        attendance: v.attendance,
      })),
    );
    const expected = expectedTally(poll, latest);

    // Moderators follow the hidden results live.
    await modResults.until((r) => r.pollId === poll.id && r.all.ballots === voters.length);
    const view = await ok(crowd[0]!.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(view.polls.find((p) => p.id === poll.id)?.revealed).toBe(false);
    expect(view.pollResults.map((r) => r.pollId)).not.toContain(poll.id);
    const onScreen = await ok(projector.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(onScreen.pollResults.map((r) => r.pollId)).not.toContain(poll.id);

    const final = modResults.until((r) => r.pollId === poll.id && r.final);
    await ok(mod.socket, 'poll:close', { pollId: poll.id });
    expect(talliesOf(await final)).toEqual(expected);
    await Promise.all(
      wires.map((w) => w.until('poll:updated', (p) => p.id === poll.id && p.status === 'closed')),
    );

    await ok(mod.socket, 'poll:reveal', { pollId: poll.id, revealed: true });
    const revealed = await Promise.all(
      wires.map((w) => w.until('poll:results', (r) => r.pollId === poll.id && r.final)),
    );
    for (const r of revealed) expect(talliesOf(r)).toEqual(expected);

    // Until the reveal reached a socket (one connection keeps the server's order), nothing of the
    // results had: no results event, and no payload naming the poll's tally under another name.
    for (const [k, w] of wires.entries()) {
      const mine = w.received.slice(from[k]);
      const reveal = mine.findIndex(
        (e) => e.name === 'poll:updated' && (e.raw as Poll).id === poll.id && (e.raw as Poll).revealed,
      );
      expect(reveal, `reveal reached socket ${k}`).toBeGreaterThanOrEqual(0);
      const leaks = mine
        .slice(0, reveal)
        .filter(
          (e) =>
            (e.name === 'poll:results' && (e.raw as PollResults).pollId === poll.id) ||
            JSON.stringify(e.raw).includes(`"pollId":"${poll.id}"`),
        );
      expect(leaks, `socket ${k}`).toEqual([]);
    }

    // Hidden again: the next snapshot leaves the results out.
    await ok(mod.socket, 'poll:reveal', { pollId: poll.id, revealed: false });
    const after = await ok(crowd[1]!.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(after.pollResults.map((r) => r.pollId)).not.toContain(poll.id);
    expect(wires.flatMap((w) => w.invalid)).toEqual([]);
    modResults.stop();
  });

  it('closes at once for the hall and after the stream delay for remote people, then publishes the exact final result', async () => {
    const session = await setDelay(2);
    expect(session.remoteDelaySeconds).toBe(2);
    const modResults = record(mod.socket, 'poll:results');
    const modUpdates = record(mod.socket, 'poll:updated');
    const poll = await openPoll({ question: 'Juste à temps ?', kind: 'single', options: ['Oui', 'Non'] });
    const onsite = crowd.filter((v) => v.attendance === 'onsite').slice(0, 10);
    const remote = crowd.filter((v) => v.attendance === 'remote').slice(0, 15);
    const latest = new Map<string, Latest>();
    const cast = async (v: Voter, choices: string[], id?: string) => {
      const ballot = await vote(v, poll.id, choices, id);
      latest.set(v.me.id, { ...ballot, attendance: v.attendance });
      return ballot;
    };
    await Promise.all([...onsite, ...remote.slice(0, 10)].map((v) => cast(v, ['o1'])));

    const closed = await ok(mod.socket, 'poll:close', { pollId: poll.id });
    expect(closed.status).toBe('closing');
    expect(closed.remoteClosesAt! - closed.closedAt!).toBe(2000);

    // In the hall it is over: new ballots and changes are CLOSED; a retry answers what counted.
    for (const v of onsite.slice(0, 5)) {
      expect(
        (await refused(v.socket, 'poll:vote', { pollId: poll.id, clientId: clientId(), choices: ['o2'] }))
          .code,
      ).toBe('CLOSED');
      const mine = latest.get(v.me.id)!;
      expect((await vote(v, poll.id, ['o2'], mine.clientId)).choices).toEqual(['o1']);
    }
    // Remote people still hear the speaker: they change their minds, and latecomers vote.
    await Promise.all([
      ...remote.slice(0, 5).map((v) => cast(v, ['o2'])),
      ...remote.slice(10).map((v) => cast(v, ['o2'])),
    ]);
    expect(Date.now()).toBeLessThan(closed.remoteClosesAt!);
    const during = await resultsOf(poll.id);
    expect(during.final).toBe(false);

    const [ended, last] = await Promise.all([
      modUpdates.until((p) => p.id === poll.id && p.status === 'closed'),
      modResults.until((r) => r.pollId === poll.id && r.final),
    ]);
    expect(Date.now()).toBeGreaterThanOrEqual(closed.remoteClosesAt!);
    expect(ended.remoteClosesAt).toBe(closed.remoteClosesAt);
    const expected = expectedTally(poll, latest.values());
    expect(expected.all).toEqual({ ballots: 25, counts: { o1: 15, o2: 10 } });
    expect(talliesOf(last)).toEqual(expected);
    expect(modResults.events.filter((r) => r.pollId === poll.id && r.final)).toEqual([last]);

    // The window is over for remote people too.
    expect(
      (
        await refused(remote[0]!.socket, 'poll:vote', {
          pollId: poll.id,
          clientId: clientId(),
          choices: ['o1'],
        })
      ).code,
    ).toBe('CLOSED');
    expect(await resultsOf(poll.id)).toEqual(last);

    // Re-opened, the poll keeps its ballots and takes changes again.
    const reopened = nextEvent(mod.socket, 'poll:results', (r) => r.pollId === poll.id && !r.final);
    expect((await ok(mod.socket, 'poll:open', { pollId: poll.id })).status).toBe('open');
    expect(talliesOf(await reopened)).toEqual(expected);
    await cast(onsite[0]!, ['o2']);
    expect((await resultsOf(poll.id)).all).toEqual({ ballots: 25, counts: { o1: 14, o2: 11 } });
    modResults.stop();
    modUpdates.stop();
  });

  it('lets only on-site participants vote in a workshop, and answers the others POLICY_FORBIDS', async () => {
    const workshop = server.demo.workshopSessionId;
    const poll = await openPoll(
      { question: 'Atelier : on continue ?', kind: 'single', options: ['Oui', 'Non'] },
      workshop,
    );
    const remote = crowd.filter((v) => v.attendance === 'remote').slice(0, 3);
    const onsite = crowd.filter((v) => v.attendance === 'onsite').slice(0, 3);
    for (const v of remote) {
      const error = await refused(v.socket, 'poll:vote', {
        pollId: poll.id,
        clientId: clientId(),
        choices: ['o1'],
      });
      expect(error.code).toBe('POLICY_FORBIDS');
    }
    await Promise.all(onsite.map((v) => vote(v, poll.id, ['o2'])));
    const results = await resultsOf(poll.id, workshop);
    expect(talliesOf(results)).toEqual(
      expectedTally(
        poll,
        onsite.map(() => ({ attendance: 'onsite' as const, choices: ['o2'] })),
      ),
    );
  });

  it('keeps poll management to moderators and votes to participants', async () => {
    const participant = crowd[3]!;
    const draft = await ok(mod.socket, 'poll:create', {
      sessionId: plenary,
      draft: { question: 'Brouillon', kind: 'single', options: ['A', 'B'] },
    });
    const attempts: [string, Promise<{ code: string }>][] = [
      [
        'create',
        refused(participant.socket, 'poll:create', {
          sessionId: plenary,
          draft: { question: 'Moi ?', kind: 'single', options: ['A', 'B'] },
        }),
      ],
      [
        'update',
        refused(participant.socket, 'poll:update', {
          pollId: draft.id,
          draft: { question: 'Moi ?', kind: 'single', options: ['A', 'B'] },
        }),
      ],
      ['open', refused(participant.socket, 'poll:open', { pollId: draft.id })],
      ['close', refused(participant.socket, 'poll:close', { pollId: draft.id })],
      ['reveal', refused(participant.socket, 'poll:reveal', { pollId: draft.id, revealed: true })],
      ['moderate', refused(participant.socket, 'moderation:join', { sessionId: plenary })],
      [
        'delay',
        refused(participant.socket, 'session:set-delay', { sessionId: plenary, remoteDelaySeconds: 60 }),
      ],
      [
        'screen',
        refused(participant.socket, 'screen:show', {
          sessionId: plenary,
          item: { kind: 'poll', id: draft.id },
        }),
      ],
      ['projector open', refused(projector.socket, 'poll:open', { pollId: draft.id })],
    ];
    for (const [what, attempt] of attempts) expect((await attempt).code, what).toBe('FORBIDDEN');

    // A draft is neither seen by the audience nor open to ballots.
    const view = await ok(participant.socket, 'session:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );
    expect(view.polls.map((p) => p.id)).not.toContain(draft.id);
    expect(
      (
        await refused(participant.socket, 'poll:vote', {
          pollId: draft.id,
          clientId: clientId(),
          choices: ['o1'],
        })
      ).code,
    ).toBe('CLOSED');

    const open = await ok(mod.socket, 'poll:open', { pollId: draft.id });
    for (const who of [projector, mod]) {
      const error = await refused(who.socket, 'poll:vote', {
        pollId: open.id,
        clientId: clientId(),
        choices: ['o1'],
      });
      expect(error.code, who.me.role).toBe('FORBIDDEN');
    }
    const results = await resultsOf(open.id);
    expect(results.all.ballots).toBe(0);
    const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: plenary });
    expect(snapshot.interactions.polls.find((p) => p.id === draft.id)).toMatchObject({
      question: 'Brouillon',
      status: 'open',
    });
    expect(snapshot.live.remoteDelaySeconds).not.toBe(60);
  });

  // Last: it kills the server the other tests use.
  it('keeps every acknowledged ballot and a running remote window across kill -9', async () => {
    await setDelay(0);
    const poll = await openPoll({
      question: 'Deux priorités, même après une panne ?',
      kind: 'multiple',
      options: ['Logement', 'Santé', 'École', 'Emploi'],
      maxChoices: 2,
    });
    const windowed = await openPoll({
      question: 'Fenêtre à distance ?',
      kind: 'single',
      options: ['Oui', 'Non'],
    });
    const ids = poll.options.map((o) => o.id);
    const latest = new Map<string, Latest>();
    const windowedLatest = new Map<string, Latest>();
    await Promise.all(
      crowd.map(async (v, i) => {
        const choose = (k: number) => (k % 3 === 0 ? [ids[k % 4]!, ids[(k + 1) % 4]!] : [ids[k % 4]!]);
        const c1 = clientId('durable');
        let mine = await vote(v, poll.id, choose(i), c1);
        if (i % 2 === 1) mine = await vote(v, poll.id, choose(i + 1));
        if (i % 4 === 0) expect(await vote(v, poll.id, choose(i), c1)).toEqual(mine);
        latest.set(v.me.id, { ...mine, attendance: v.attendance });
        if (i % 10 === 0) {
          const w = await vote(v, windowed.id, [i % 20 === 0 ? 'o1' : 'o2']);
          windowedLatest.set(v.me.id, { ...w, attendance: v.attendance });
        }
      }),
    );
    await setDelay(2);
    const closing = await ok(mod.socket, 'poll:close', { pollId: windowed.id });
    expect(closing.status).toBe('closing');

    // The last ack is in: kill -9 now, with the remote window still running.
    expect((await server.kill('SIGKILL')).signal).toBe('SIGKILL');
    const again = await startServer({ dataDir: server.dataDir });
    started.push(again);
    const modAgain = await connect(again.url, mod.token);
    const ended = nextEvent(modAgain, 'poll:results', (r) => r.pollId === windowed.id && r.final);
    const snapshot = await ok(modAgain, 'moderation:join', { sessionId: plenary }).then(
      (s) => s.interactions,
    );

    const results = snapshot.pollResults.find((r) => r.pollId === poll.id)!;
    expect(talliesOf(results)).toEqual(expectedTally(poll, latest.values()));
    expect(snapshot.polls.find((p) => p.id === poll.id)?.status).toBe('open');

    // The remote window ends on time after the restart, with the exact final result.
    const windowedNow = snapshot.polls.find((p) => p.id === windowed.id)!;
    expect(windowedNow.remoteClosesAt).toBe(closing.remoteClosesAt);
    let final = snapshot.pollResults.find((r) => r.pollId === windowed.id)!;
    if (windowedNow.status !== 'closed') {
      // The final broadcast may have gone out between the snapshot and the room join: read again then.
      const reread = new Promise<PollResults>((resolve) => {
        setTimeout(
          () =>
            resolve(
              ok(modAgain, 'moderation:join', { sessionId: plenary })
                .then((s) => s.interactions)
                .then((s) => s.pollResults.find((r) => r.pollId === windowed.id)!),
            ),
          Math.max(0, closing.remoteClosesAt! - Date.now()) + 2000,
        ).unref();
      });
      final = await Promise.race([ended, reread]);
    }
    expect(final.final).toBe(true);
    expect(talliesOf(final)).toEqual(expectedTally(windowed, windowedLatest.values()));

    // Phones get their ballots back; re-sending them counts nothing.
    const sample = crowd.filter((_, i) => i % 15 === 0);
    await Promise.all(
      sample.map(async (v) => {
        const socket = await connect(again.url, v.token);
        const view = await ok(socket, 'session:join', { sessionId: plenary }).then((s) => s.interactions);
        const mine = latest.get(v.me.id)!;
        expect(view.myBallots.find((b) => b.pollId === poll.id)).toEqual({
          pollId: poll.id,
          clientId: mine.clientId,
          choices: mine.choices,
        });
        expect(
          await ok(socket, 'poll:vote', { pollId: poll.id, clientId: mine.clientId, choices: mine.choices }),
        ).toEqual({ pollId: poll.id, clientId: mine.clientId, choices: mine.choices });
      }),
    );
    const after = await ok(modAgain, 'moderation:join', { sessionId: plenary }).then((s) => s.interactions);
    expect(after.pollResults.find((r) => r.pollId === poll.id)).toEqual(results);
  });
});
