import { describe, expect, it } from 'vitest';
import { newItem, type OutboxItem } from './outbox.ts';
import {
  legacyOutboxKeys,
  outboxKey,
  parseOutbox,
  readOutbox,
  serialiseOutbox,
  writeOutbox,
  type KeyValueStore,
} from './outbox-storage.ts';

function memoryStore(seed: Record<string, string> = {}): KeyValueStore & { map: Map<string, string> } {
  const map = new Map(Object.entries(seed));
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

const legacy = legacyOutboxKeys('assises-2026', 'p1');

/** The three old keys, in the exact formats today's main writes. */
const oldQuestions = [
  {
    clientId: 'question-0001',
    sessionId: 's1',
    text: 'Les supports seront-ils en ligne ?',
    anonymous: false,
    createdAt: 10,
  },
  { clientId: 'question-0002', sessionId: 's2', text: 'Et la captation ?', anonymous: true, createdAt: 11 },
];
const oldUpvotes = [
  { clientId: 'upvote-00001', sessionId: 's1', questionId: 'q1', up: true, createdAt: 12 },
  { clientId: 'upvote-00002', sessionId: 's1', questionId: 'q2', up: false, createdAt: 13 },
];
const oldInteractions = [
  {
    kind: 'ballot',
    clientId: 'ballot-00001',
    sessionId: 's1',
    pollId: 'p1',
    choices: ['a', 'c'],
    createdAt: 14,
  },
  {
    kind: 'word',
    clientId: 'word-0000001',
    sessionId: 's1',
    cloudId: 'c1',
    text: 'Confiance',
    createdAt: 15,
  },
  { kind: 'word', clientId: 'word-0000002', sessionId: 's1', cloudId: 'c1', text: 'Écoute', createdAt: 16 },
];
const seeded = () =>
  memoryStore({
    [legacy.questions]: JSON.stringify(oldQuestions),
    [legacy.upvotes]: JSON.stringify(oldUpvotes),
    [legacy.interactions]: JSON.stringify(oldInteractions),
  });

describe('outbox storage', () => {
  it('moves every item of the three old keys into the one key, and removes the old keys', () => {
    const store = seeded();
    const items = readOutbox(store, 'assises-2026', 'p1');
    expect(writeOutbox(store, 'assises-2026', 'p1', items)).toBe(true);
    expect([...store.map.keys()]).toEqual([outboxKey('assises-2026', 'p1')]);
    const after = readOutbox(store, 'assises-2026', 'p1');
    expect(after).toEqual([
      {
        command: 'question:ask',
        clientId: 'question-0001',
        sessionId: 's1',
        createdAt: 10,
        input: {
          sessionId: 's1',
          clientId: 'question-0001',
          text: 'Les supports seront-ils en ligne ?',
          anonymous: false,
        },
      },
      {
        command: 'question:ask',
        clientId: 'question-0002',
        sessionId: 's2',
        createdAt: 11,
        input: { sessionId: 's2', clientId: 'question-0002', text: 'Et la captation ?', anonymous: true },
      },
      {
        command: 'question:upvote',
        clientId: 'upvote-00001',
        sessionId: 's1',
        createdAt: 12,
        input: { questionId: 'q1', up: true },
      },
      {
        command: 'question:upvote',
        clientId: 'upvote-00002',
        sessionId: 's1',
        createdAt: 13,
        input: { questionId: 'q2', up: false },
      },
      {
        command: 'poll:vote',
        clientId: 'ballot-00001',
        sessionId: 's1',
        createdAt: 14,
        input: { pollId: 'p1', clientId: 'ballot-00001', choices: ['a', 'c'] },
      },
      {
        command: 'cloud:submit',
        clientId: 'word-0000001',
        sessionId: 's1',
        createdAt: 15,
        input: { cloudId: 'c1', clientId: 'word-0000001', text: 'Confiance' },
      },
      {
        command: 'cloud:submit',
        clientId: 'word-0000002',
        sessionId: 's1',
        createdAt: 16,
        input: { cloudId: 'c1', clientId: 'word-0000002', text: 'Écoute' },
      },
    ]);
  });

  it('does not double an item found both under an old key and the new one', () => {
    // A migration whose removal of the old keys did not happen, or an old tab that wrote again.
    const store = seeded();
    store.setItem(
      outboxKey('assises-2026', 'p1'),
      serialiseOutbox(readOutbox(seeded(), 'assises-2026', 'p1')),
    );
    const items = readOutbox(store, 'assises-2026', 'p1');
    expect(items.map((i) => i.clientId)).toEqual([
      'question-0001',
      'question-0002',
      'upvote-00001',
      'upvote-00002',
      'ballot-00001',
      'word-0000001',
      'word-0000002',
    ]);
  });

  it('keeps the old keys when storage refuses the write, so nothing is lost', () => {
    const store = seeded();
    const items = readOutbox(store, 'assises-2026', 'p1');
    const refusing = {
      ...store,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(writeOutbox(refusing, 'assises-2026', 'p1', items)).toBe(false);
    expect(
      store.map.has(legacy.questions) && store.map.has(legacy.upvotes) && store.map.has(legacy.interactions),
    ).toBe(true);
  });

  it('touches only the keys of its own participant and edition', () => {
    const store = seeded();
    const other = legacyOutboxKeys('assises-2026', 'p2');
    store.setItem(other.upvotes, JSON.stringify(oldUpvotes));
    writeOutbox(store, 'assises-2026', 'p1', readOutbox(store, 'assises-2026', 'p1'));
    expect(store.map.has(other.upvotes)).toBe(true);
  });

  it('drops old entries that could not be sent as they are, as the old readers did', () => {
    const store = memoryStore({
      [legacy.questions]: JSON.stringify([{ ...oldQuestions[0], clientId: 'bad id!' }, 42]),
      [legacy.upvotes]: JSON.stringify([
        { clientId: 'client-003', sessionId: 's1', questionId: 'q3', up: 'yes', createdAt: 1 },
        { clientId: 'client-004', sessionId: 's1', questionId: 'q/4', up: true, createdAt: 1 },
        { clientId: 'client-005', sessionId: 's1', questionId: 'q1', up: true, createdAt: 1 },
        { clientId: 'client-006', sessionId: 's1', questionId: 'q1', up: false, createdAt: 2 },
      ]),
      [legacy.interactions]: '{not json',
    });
    expect(readOutbox(store, 'assises-2026', 'p1').map((i) => i.clientId)).toEqual(['client-006']);
  });

  it('survives a round trip and reads another version or tampered storage as empty', () => {
    const items: OutboxItem[] = [
      newItem('question:upvote', 's1', () => ({ questionId: 'q1', up: true }), 1, 'client-001'),
    ];
    expect(parseOutbox(serialiseOutbox(items))).toEqual(items);
    expect(parseOutbox(JSON.stringify({ version: 2, items }))).toEqual([]);
    expect(parseOutbox(JSON.stringify(items))).toEqual([]);
    expect(parseOutbox('not json')).toEqual([]);
    expect(parseOutbox(null)).toEqual([]);
    const tampered = JSON.stringify({ version: 1, items: [{ ...items[0], input: { questionId: 'q1' } }] });
    expect(parseOutbox(tampered)).toEqual([]);
  });

  it('reads storage that throws as empty', () => {
    const blocked: KeyValueStore = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(readOutbox(blocked, 'assises-2026', 'p1')).toEqual([]);
  });
});
