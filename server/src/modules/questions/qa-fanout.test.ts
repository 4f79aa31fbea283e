import { describe, expect, it } from 'vitest';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import { RecordingBroadcaster } from '../../../../tests/support/service-fixtures.ts';
import type { AudienceSize } from '../audience-cadence.ts';
import { rooms } from '../rooms.ts';
import { GAP_WAIT_MS, QaFanout } from './qa-fanout.ts';
import type { QuestionChange, QuestionRecord } from './questions.store.ts';

const AUD = rooms.audience('plen');

const approved = (votes: number): QuestionRecord => ({
  id: 'q1',
  sessionId: 'plen',
  authorId: 'p1',
  clientId: 'c1',
  text: 'Quelle place pour la coopération ?',
  originalText: 'Quelle place pour la coopération ?',
  anonymous: false,
  authorName: 'Awa',
  authorMode: 'onsite',
  status: 'approved',
  starred: false,
  votes,
  mergedInto: null,
  merged: [],
  edits: [],
  createdAt: 0,
  updatedAt: votes,
});

describe('Q&A fan-out', () => {
  it('paces the phones by the session’s audience on every node, not by this node’s share of it', () => {
    // Two nodes' fan-outs of the same upvote storm, each with 5,000 of the session's 10,000 sockets:
    // one paced by its own share (500 ms), one by the session's audience on both nodes (1 s, as one node).
    const time = new FakeScheduler();
    const node = (audienceSize?: AudienceSize) => {
      const bus = new RecordingBroadcaster();
      bus.sizes.set(AUD, 5_000);
      return { bus, qa: new QaFanout(bus, time, undefined, audienceSize) };
    };
    const share = node();
    const session = node((sessionId) => (sessionId === 'plen' ? 10_000 : 0));
    for (let seq = 1; seq <= 60; seq += 1) {
      const change = {
        sessionId: 'plen',
        seq,
        changed: [approved(seq)],
        live: { seq, onScreenId: null, pending: 0, screen: null },
        onScreen: null,
        screenChanged: false,
      };
      share.qa.publish(change);
      session.qa.publish(change);
      time.advance(50);
    }
    time.advance(3_000);
    const toPhones = (bus: RecordingBroadcaster) => bus.sent.filter((s) => s.room === AUD);
    expect(toPhones(share.bus).length).toBeGreaterThanOrEqual(6);
    expect(toPhones(session.bus).length).toBeGreaterThanOrEqual(3);
    expect(toPhones(session.bus).length).toBeLessThanOrEqual(4);
    // Both deliver every change: the last delta ends at the last seq with the last count.
    for (const { bus } of [share, session]) {
      expect(toPhones(bus).at(-1)).toMatchObject({ payload: { seq: 60, upsert: [{ id: 'q1', votes: 60 }] } });
    }
    // The moderators and the author hear of each change at once on both.
    expect(session.bus.sent.filter((s) => s.room === rooms.moderation('plen'))).toHaveLength(60);
    share.qa.stop();
    session.qa.stop();
  });

  /** A change of the session at `seq` leaving q1 with `votes` upvotes. */
  const upvoted = (seq: number, votes = seq): QuestionChange => ({
    sessionId: 'plen',
    seq,
    changed: [approved(votes)],
    live: { seq, onScreenId: null, pending: 0, screen: null },
    onScreen: null,
    screenChanged: false,
  });

  /**
   * Two nodes of one session (10,000 in its audience on both). `pass()` hands each node what the
   * other shared since the last `pass`, in order; a test that holds a hand-over back does it itself.
   */
  function twoNodes() {
    const time = new FakeScheduler();
    const make = () => {
      const bus = new RecordingBroadcaster();
      return { bus, qa: new QaFanout(bus, time, undefined, () => 10_000), passed: 0 };
    };
    const a = make();
    const b = make();
    const pass = () => {
      for (const [from, to] of [
        [a, b],
        [b, a],
      ] as const) {
        for (const { topic, data } of from.bus.shared.slice(from.passed)) to.bus.fromPeerShared(topic, data);
        from.passed = from.bus.shared.length;
      }
    };
    return { time, a, b, pass };
  }

  /** A phone of a node, applying its deltas as the client does (audience.state.ts: `coverage`). */
  function phoneOf(bus: RecordingBroadcaster, fromSeq = 0) {
    let seq = fromSeq;
    let votes = 0;
    const gaps: number[] = [];
    for (const d of bus.of(AUD, 'qa:audience') as {
      fromSeq: number;
      seq: number;
      upsert: { votes: number }[];
    }[]) {
      if (d.seq <= seq) continue;
      if (d.fromSeq > seq) {
        gaps.push(d.fromSeq);
        continue;
      }
      seq = d.seq;
      votes = d.upsert[0]?.votes ?? votes;
    }
    return { seq, votes, gaps };
  }

  it('paces an upvote storm made on two nodes as one node does, each node to its own phones, none missing a change', () => {
    // Before: each node coalesced only its own changes, and another node's change between two of
    // them sent its run at once: nearly every upvote went to every phone (U × N).
    const { time, a, b, pass } = twoNodes();
    for (let seq = 1; seq <= 60; seq += 1) {
      (seq % 2 === 1 ? a : b).qa.publish(upvoted(seq), { votesOnly: true });
      pass();
      time.advance(50);
    }
    time.advance(3_000);
    for (const node of [a, b]) {
      const toPhones = node.bus.to(AUD);
      // 3 s of changes at the 10,000-audience pace (1 s): 3 or 4 deltas, from this node only.
      expect(toPhones.length).toBeGreaterThanOrEqual(3);
      expect(toPhones.length).toBeLessThanOrEqual(4);
      expect(phoneOf(node.bus)).toEqual({ seq: 60, votes: 60, gaps: [] });
      // Its moderators hear of every change, both nodes', once; the author has the votes of an
      // approved question from the audience's deltas, not one message per upvote.
      expect(node.bus.of(rooms.moderation('plen'), 'qa:moderation')).toHaveLength(60);
      expect(node.bus.of(rooms.participant('p1'), 'question:mine')).toHaveLength(0);
    }
    // One hand-over per change, to the other node; nothing broadcast to every node.
    expect(a.bus.shared.length + b.bus.shared.length).toBe(60);
    expect([...a.bus.sent, ...b.bus.sent].every((s) => s.volatile === undefined)).toBe(true);
    a.qa.stop();
    b.qa.stop();
  });

  it('holds a change that came before another node’s late one, then sends both in order', () => {
    const { time, a, b, pass } = twoNodes();
    a.qa.publish(upvoted(1));
    pass();
    time.advance(2_000);
    a.qa.publish(upvoted(2));
    b.qa.publish(upvoted(3));
    // b's 3 waits for a's 2, still on its way: b's phones get nothing beyond 1 meanwhile.
    b.bus.shared.length = b.passed;
    time.advance(500);
    expect(phoneOf(b.bus).seq).toBe(1);
    for (const { topic, data } of a.bus.shared.slice(a.passed)) b.bus.fromPeerShared(topic, data);
    time.advance(1_000);
    expect(phoneOf(b.bus)).toEqual({ seq: 3, votes: 3, gaps: [] });
    a.qa.stop();
    b.qa.stop();
  });

  it('gives up on a change that never comes after GAP_WAIT_MS: the phones behind it resync', () => {
    const { time, a, b, pass } = twoNodes();
    a.qa.publish(upvoted(1));
    pass();
    time.advance(2_000);
    a.qa.publish(upvoted(2)); // its hand-over is lost
    a.passed = a.bus.shared.length;
    b.qa.publish(upvoted(3));
    time.advance(GAP_WAIT_MS - 1);
    expect(phoneOf(b.bus).seq).toBe(1);
    time.advance(1);
    const phone = phoneOf(b.bus);
    expect(phone.gaps).toEqual([2]);
    expect(phone.seq).toBe(1);
    // Later changes follow the new run: a phone that resynced at 3 gets them.
    b.qa.publish(upvoted(4));
    time.advance(1_000);
    expect(phoneOf(b.bus, 3)).toMatchObject({ seq: 4, votes: 4 });
    a.qa.stop();
    b.qa.stop();
  });

  it('hands the other nodes what they send of a change, not the question on screen', () => {
    // An upvote of q1 while q2 is on screen: the other nodes publish q1 and the session's live state;
    // the question on screen (its text, its original and its edits) travelled with every upvote.
    const { time, a, b, pass } = twoNodes();
    const onScreen = { ...approved(9), id: 'q2', text: 'x'.repeat(500), originalText: 'y'.repeat(500) };
    a.qa.publish({ ...upvoted(1), onScreen, live: { seq: 1, onScreenId: 'q2', pending: 0, screen: null } });
    pass();
    time.advance(1_000);
    expect(a.bus.shared).toHaveLength(1);
    const { change } = a.bus.shared[0]!.data as { change: Record<string, unknown> };
    expect(Object.keys(change).sort()).toEqual(['changed', 'live', 'seq', 'sessionId']);
    expect(phoneOf(b.bus)).toEqual({ seq: 1, votes: 1, gaps: [] });
    expect(b.bus.of(rooms.moderation('plen'), 'qa:moderation')).toHaveLength(1);
    a.qa.stop();
    b.qa.stop();
  });
});
