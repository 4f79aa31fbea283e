import { describe, expect, it } from 'vitest';
import {
  dequeueSubmission,
  enqueueSubmission,
  isFinalSubmissionError,
  parseInteractionOutbox,
  pendingBallot,
  pendingWords,
  type InteractionOutboxItem,
} from './interaction-outbox.ts';

const ballot = (clientId: string, pollId: string, choices: string[]): InteractionOutboxItem => ({
  kind: 'ballot',
  clientId,
  sessionId: 's1',
  pollId,
  choices,
  createdAt: 1,
});
const word = (clientId: string, text: string): InteractionOutboxItem => ({
  kind: 'word',
  clientId,
  sessionId: 's1',
  cloudId: 'c1',
  text,
  createdAt: 1,
});

describe('interaction outbox', () => {
  it('keeps only the latest unsent ballot of a poll', () => {
    let items = enqueueSubmission([], ballot('client-001', 'p1', ['a']));
    items = enqueueSubmission(items, ballot('client-002', 'p2', ['x']));
    items = enqueueSubmission(items, ballot('client-003', 'p1', ['b']));
    expect(items.map((i) => i.clientId)).toEqual(['client-002', 'client-003']);
    expect(pendingBallot(items, 'p1')?.choices).toEqual(['b']);
    expect(pendingBallot(items, 'p9')).toBeNull();
  });

  it('keeps every unsent word, once per client id', () => {
    let items = enqueueSubmission([], word('client-001', 'Confiance'));
    items = enqueueSubmission(items, word('client-002', 'confiance'));
    items = enqueueSubmission(items, word('client-002', 'confiance'));
    expect(pendingWords(items, 'c1').map((w) => w.text)).toEqual(['Confiance', 'confiance']);
    expect(dequeueSubmission(items, 'client-001').map((w) => w.clientId)).toEqual(['client-002']);
  });

  it('survives a reload and drops entries that could not be sent as they are', () => {
    const stored = JSON.stringify([
      ballot('client-001', 'p1', ['a']),
      { ...word('bad id', 'x') },
      { kind: 'word', clientId: 'client-004' },
      word('client-005', 'Écoute'),
    ]);
    expect(parseInteractionOutbox(stored).map((i) => i.clientId)).toEqual(['client-001', 'client-005']);
    expect(parseInteractionOutbox('{not json')).toEqual([]);
    expect(parseInteractionOutbox(null)).toEqual([]);
  });

  it('stops retrying when the poll is closed or the word limit reached, not when offline', () => {
    expect(isFinalSubmissionError('CLOSED')).toBe(true);
    expect(isFinalSubmissionError('LIMIT_REACHED')).toBe(true);
    expect(isFinalSubmissionError('UNAVAILABLE')).toBe(false);
    expect(isFinalSubmissionError('RATE_LIMITED')).toBe(false);
  });
});
