import { ClientId, type CommandInput } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import {
  dequeue,
  displayedVote,
  emptyOutbox,
  enqueue,
  errorKey,
  isFinalError,
  isNewestAnswer,
  mergeItems,
  newClientId,
  newItem,
  outboxReducer,
  pendingBallot,
  pendingQuestions,
  pendingUpvotes,
  pendingWords,
  type OutboxCommand,
  type OutboxItem,
} from './outbox.ts';

const item = <N extends OutboxCommand>(
  command: N,
  clientId: string,
  input: CommandInput<N>,
  createdAt = 1,
  sessionId = 's1',
): OutboxItem => newItem(command, sessionId, () => input, createdAt, clientId);
const question = (clientId: string, createdAt = 1) =>
  item(
    'question:ask',
    clientId,
    { sessionId: 's1', clientId, text: 'Une question ?', anonymous: false },
    createdAt,
  );
const upvote = (clientId: string, questionId: string, up: boolean, createdAt = 1, sessionId = 's1') =>
  item('question:upvote', clientId, { questionId, up }, createdAt, sessionId);
const ballot = (clientId: string, pollId: string, choices: string[], createdAt = 1) =>
  item('poll:vote', clientId, { pollId, clientId, choices }, createdAt);
const word = (clientId: string, text: string, createdAt = 1) =>
  item('cloud:submit', clientId, { cloudId: 'c1', clientId, text }, createdAt);
const ids = (items: readonly OutboxItem[]) => items.map((i) => i.clientId);

describe('outbox', () => {
  it('generates client ids the server accepts', () => {
    for (let i = 0; i < 50; i++) expect(ClientId.safeParse(newClientId()).success).toBe(true);
    expect(newClientId()).not.toBe(newClientId());
  });

  it('keeps one entry per client id, so a retry never duplicates a question', () => {
    const once = enqueue([], question('abcdefgh1'));
    expect(enqueue(once, question('abcdefgh1'))).toHaveLength(1);
    expect(ids(dequeue(enqueue(once, question('abcdefgh2')), 'abcdefgh1'))).toEqual(['abcdefgh2']);
  });

  it('keeps only the latest desired state of a question', () => {
    let items = enqueue([], upvote('client-001', 'q1', true));
    items = enqueue(items, upvote('client-002', 'q2', true));
    items = enqueue(items, upvote('client-003', 'q1', false));
    expect(ids(items)).toEqual(['client-002', 'client-003']);
    expect(pendingUpvotes(items, 's1')).toEqual(
      new Map([
        ['q2', true],
        ['q1', false],
      ]),
    );
  });

  it('shows only the pending toggles of the session on the page', () => {
    const items = [upvote('client-001', 'q1', true), upvote('client-002', 'q7', true, 1, 's2')];
    expect([...pendingUpvotes(items, 's2').keys()]).toEqual(['q7']);
  });

  it('keeps only the latest unsent ballot of a poll, and every word', () => {
    let items = enqueue([], ballot('client-001', 'p1', ['a']));
    items = enqueue(items, ballot('client-002', 'p2', ['x']));
    items = enqueue(items, ballot('client-003', 'p1', ['b']));
    items = enqueue(items, word('client-004', 'Confiance'));
    items = enqueue(items, word('client-005', 'confiance'));
    expect(ids(items)).toEqual(['client-002', 'client-003', 'client-004', 'client-005']);
    expect(pendingBallot(items, 'p1')).toEqual(['b']);
    expect(pendingBallot(items, 'p9')).toBeNull();
    expect(pendingWords(items, 'c1').map((w) => w.text)).toEqual(['Confiance', 'confiance']);
  });

  it('does not let an upvote and a ballot with the same target id replace each other', () => {
    const items = enqueue(enqueue([], upvote('client-001', 'x1', true)), ballot('client-002', 'x1', ['a']));
    expect(ids(items)).toEqual(['client-001', 'client-002']);
  });

  it('shows the desired state at once, the count moved by the one vote it changes', () => {
    expect(displayedVote(4, false, undefined)).toEqual({ votes: 4, upvoted: false, pending: false });
    expect(displayedVote(4, false, true)).toEqual({ votes: 5, upvoted: true, pending: true });
    expect(displayedVote(5, true, false)).toEqual({ votes: 4, upvoted: false, pending: true });
    expect(displayedVote(5, true, true)).toEqual({ votes: 5, upvoted: true, pending: true });
    expect(displayedVote(0, true, false).votes).toBe(0);
  });

  it('gives up only on errors a retry cannot fix', () => {
    for (const code of ['NOT_FOUND', 'CONFLICT', 'POLICY_FORBIDS', 'FORBIDDEN', 'INVALID_PAYLOAD']) {
      expect(isFinalError(question('abcdefgh1'), code)).toBe(true);
      expect(isFinalError(upvote('client-001', 'q1', true), code)).toBe(true);
    }
    for (const code of ['UNAVAILABLE', 'RATE_LIMITED', 'UNAUTHORIZED', 'INTERNAL'])
      for (const i of [
        question('abcdefgh1'),
        upvote('c-0000001', 'q', true),
        ballot('c-0000002', 'p', ['a']),
      ])
        expect(isFinalError(i, code)).toBe(false);
    expect(isFinalError(ballot('client-001', 'p1', ['a']), 'CLOSED')).toBe(true);
    expect(isFinalError(word('client-001', 'x'), 'LIMIT_REACHED')).toBe(true);
    expect(isFinalError(ballot('client-001', 'p1', ['a']), 'LIMIT_REACHED')).toBe(false);
  });

  it('keeps an item and shows the error when a retry may still succeed', () => {
    const q = question('abcdefgh1');
    const error = { code: 'UNAVAILABLE', message: 'timeout' } as const;
    let state = outboxReducer(emptyOutbox, { type: 'enqueued', item: q });
    state = outboxReducer(state, { type: 'answered', item: q, ack: { ok: false, error } });
    expect(ids(state.items)).toEqual(['abcdefgh1']);
    expect(state.errors.get(errorKey('question:ask', 's1'))).toEqual(error);
    state = outboxReducer(state, { type: 'answered', item: q, ack: { ok: true, data: {} } });
    expect(state.items).toEqual([]);
    expect(state.errors.size).toBe(0);
  });

  it('drops an item refused for good, an over-size one included, and keeps the error until the next try', () => {
    const w = word('client-001', 'x'.repeat(60));
    const error = {
      code: 'INVALID_PAYLOAD',
      message: 'too large to send',
      details: { bytes: 9, limit: 1 },
    } as const;
    let state = outboxReducer(emptyOutbox, { type: 'enqueued', item: w });
    state = outboxReducer(state, { type: 'answered', item: w, ack: { ok: false, error } });
    expect(state.items).toEqual([]);
    expect(state.errors.get(errorKey('cloud:submit', 'c1'))).toEqual(error);
    state = outboxReducer(state, { type: 'enqueued', item: word('client-002', 'court') });
    expect(state.errors.size).toBe(0);
  });

  it('does not let the late answer of an older ballot overwrite the newer one', () => {
    const older = ballot('client-001', 'p1', ['a'], 1);
    const newer = ballot('client-002', 'p1', ['b'], 2);
    let state = outboxReducer(emptyOutbox, { type: 'enqueued', item: older });
    state = outboxReducer(state, { type: 'enqueued', item: newer });
    expect(isNewestAnswer(state, newer)).toBe(true);
    state = outboxReducer(state, { type: 'answered', item: newer, ack: { ok: true, data: {} } });
    expect(isNewestAnswer(state, older)).toBe(false);
    // Answered in order, each answer is news: the older one was recorded before the newer one.
    const fresh = outboxReducer(emptyOutbox, { type: 'answered', item: older, ack: { ok: true, data: {} } });
    expect(isNewestAnswer(fresh, newer)).toBe(true);
  });

  it('merges another tab’s items by age, the newest state of a question winning', () => {
    const stored = [upvote('client-002', 'q1', false, 5), question('abcdefgh1', 3)];
    const memory = [upvote('client-001', 'q1', true, 4), word('client-003', 'Écoute', 6)];
    expect(ids(mergeItems(stored, memory))).toEqual(['abcdefgh1', 'client-002', 'client-003']);
    expect(ids(mergeItems(stored, stored))).toEqual(['abcdefgh1', 'client-002']);
  });

  it('forgets an item another tab got answered, and keeps one storage never took', () => {
    const memory = [question('abcdefgh1', 1), question('abcdefgh2', 2)];
    expect(ids(mergeItems([], memory, new Set(['abcdefgh1'])))).toEqual(['abcdefgh2']);
  });

  it('lists the questions waiting to be sent for the page’s session', () => {
    const other = item(
      'question:ask',
      'abcdefgh9',
      { sessionId: 's2', clientId: 'abcdefgh9', text: 'Ailleurs ?' },
      1,
      's2',
    );
    expect(pendingQuestions([question('abcdefgh1'), other], 's1')).toEqual([
      { clientId: 'abcdefgh1', text: 'Une question ?' },
    ]);
  });
});
