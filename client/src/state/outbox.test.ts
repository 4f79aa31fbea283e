import { ClientId } from '@agora/shared';
import { describe, expect, it } from 'vitest';
import { dequeue, enqueue, isFinalError, newClientId, parseOutbox, type OutboxItem } from './outbox.ts';

const item = (clientId: string): OutboxItem => ({
  clientId,
  sessionId: 's1',
  text: 'Une question ?',
  anonymous: false,
  createdAt: 1,
});

describe('outbox', () => {
  it('generates client ids the server accepts', () => {
    for (let i = 0; i < 50; i++) expect(ClientId.safeParse(newClientId()).success).toBe(true);
    expect(newClientId()).not.toBe(newClientId());
  });

  it('keeps one entry per client id, so a retry never duplicates a question', () => {
    const once = enqueue([], item('abcdefgh1'));
    expect(enqueue(once, item('abcdefgh1'))).toHaveLength(1);
    expect(dequeue(enqueue(once, item('abcdefgh2')), 'abcdefgh1').map((i) => i.clientId)).toEqual([
      'abcdefgh2',
    ]);
  });

  it('survives a round trip through storage and drops tampered entries', () => {
    const raw = JSON.stringify([item('abcdefgh1'), { ...item('bad id!'), clientId: 'bad id!' }, 42]);
    expect(parseOutbox(raw).map((i) => i.clientId)).toEqual(['abcdefgh1']);
    expect(parseOutbox('not json')).toEqual([]);
    expect(parseOutbox(null)).toEqual([]);
  });

  it('gives up only on errors a retry cannot fix', () => {
    expect(isFinalError('POLICY_FORBIDS')).toBe(true);
    expect(isFinalError('INVALID_PAYLOAD')).toBe(true);
    expect(isFinalError('RATE_LIMITED')).toBe(false);
    expect(isFinalError('UNAVAILABLE')).toBe(false);
    expect(isFinalError('UNAUTHORIZED')).toBe(false);
  });
});
