import { describe, expect, it } from 'vitest';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import { RecordingBroadcaster } from '../../../../tests/support/service-fixtures.ts';
import type { AudienceSize } from '../audience-cadence.ts';
import { rooms } from '../rooms.ts';
import { QaFanout } from './qa-fanout.ts';
import type { QuestionRecord } from './questions.store.ts';

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
});
