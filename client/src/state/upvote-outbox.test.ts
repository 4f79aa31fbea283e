import { describe, expect, it } from 'vitest';
import {
  dequeueUpvote,
  displayedVote,
  enqueueUpvote,
  isFinalUpvoteError,
  parseUpvoteOutbox,
  pendingUpvotes,
  type PendingUpvote,
} from './upvote-outbox.ts';

const toggle = (clientId: string, questionId: string, up: boolean, sessionId = 's1'): PendingUpvote => ({
  clientId,
  sessionId,
  questionId,
  up,
  createdAt: 1,
});

describe('upvote outbox', () => {
  it('keeps only the latest desired state of a question', () => {
    let items = enqueueUpvote([], toggle('client-001', 'q1', true));
    items = enqueueUpvote(items, toggle('client-002', 'q2', true));
    items = enqueueUpvote(items, toggle('client-003', 'q1', false));
    expect(items.map((i) => i.clientId)).toEqual(['client-002', 'client-003']);
    expect(pendingUpvotes(items, 's1')).toEqual(
      new Map([
        ['q2', true],
        ['q1', false],
      ]),
    );
  });

  it('adds a toggle once, however often it is enqueued', () => {
    const items = enqueueUpvote(
      enqueueUpvote([], toggle('client-001', 'q1', true)),
      toggle('client-001', 'q1', true),
    );
    expect(items).toHaveLength(1);
  });

  it('keeps a newer toggle when the ack of an older one for the same question arrives', () => {
    let items = enqueueUpvote([], toggle('client-001', 'q1', true));
    items = enqueueUpvote(items, toggle('client-002', 'q1', false));
    items = dequeueUpvote(items, 'client-001');
    expect(pendingUpvotes(items, 's1').get('q1')).toBe(false);
    expect(dequeueUpvote(items, 'client-002')).toEqual([]);
  });

  it('shows only the pending toggles of the session on the page', () => {
    const items = [toggle('client-001', 'q1', true), toggle('client-002', 'q7', true, 's2')];
    expect([...pendingUpvotes(items, 's2').keys()]).toEqual(['q7']);
  });

  it('shows the desired state at once, the count moved by the one vote it changes', () => {
    expect(displayedVote(4, false, undefined)).toEqual({ votes: 4, upvoted: false, pending: false });
    expect(displayedVote(4, false, true)).toEqual({ votes: 5, upvoted: true, pending: true });
    expect(displayedVote(5, true, false)).toEqual({ votes: 4, upvoted: false, pending: true });
    expect(displayedVote(5, true, true)).toEqual({ votes: 5, upvoted: true, pending: true });
    expect(displayedVote(0, true, false).votes).toBe(0);
  });

  it('survives a reload and drops entries that could not be sent as they are', () => {
    const stored = JSON.stringify([
      toggle('client-001', 'q1', true),
      toggle('bad id', 'q2', true),
      { clientId: 'client-003', sessionId: 's1', questionId: 'q3', up: 'yes', createdAt: 1 },
      toggle('client-004', 'q/4', true),
      toggle('client-005', 'q1', false),
      toggle('client-006', 'q6', true),
    ]);
    expect(parseUpvoteOutbox(stored).map((i) => i.clientId)).toEqual(['client-005', 'client-006']);
    expect(parseUpvoteOutbox('{not json')).toEqual([]);
    expect(parseUpvoteOutbox('{}')).toEqual([]);
    expect(parseUpvoteOutbox(null)).toEqual([]);
  });

  it('stops retrying when the question is gone or no longer approved, not when offline', () => {
    for (const code of ['NOT_FOUND', 'CONFLICT', 'POLICY_FORBIDS', 'FORBIDDEN', 'INVALID_PAYLOAD'])
      expect(isFinalUpvoteError(code)).toBe(true);
    expect(isFinalUpvoteError('UNAVAILABLE')).toBe(false);
    expect(isFinalUpvoteError('RATE_LIMITED')).toBe(false);
    expect(isFinalUpvoteError('INTERNAL')).toBe(false);
  });
});
