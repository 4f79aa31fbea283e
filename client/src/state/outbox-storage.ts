import { ClientId, Id, commands } from '@agora/shared';
import { z } from 'zod';
import { mergeItems, outboxCommands, type OutboxItem } from './outbox.ts';

/** Bumped when the stored shape changes; a value of another version is read as empty. */
export const outboxVersion = 1;

/** The part of `localStorage` the outbox uses, so tests can hand it a plain map. */
export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** One key per participant and edition holds every command of every session not yet answered. */
export function outboxKey(slug: string, participantId: string): string {
  return `agora:pending:${slug}:${participantId}`;
}

/** The three keys used before the outbox was one (questions, upvotes, ballots and words). */
export function legacyOutboxKeys(slug: string, participantId: string) {
  return {
    questions: `agora:outbox:${slug}:${participantId}`,
    upvotes: `agora:upvote-outbox:${slug}:${participantId}`,
    interactions: `agora:interactions-outbox:${slug}:${participantId}`,
  } as const;
}

const Envelope = z.object({
  command: z.enum(outboxCommands),
  clientId: ClientId,
  sessionId: Id,
  createdAt: z.number(),
  input: z.unknown(),
});

/**
 * Keeps an item only if its input is still what the server accepts, checked with the command's
 * own schema; the input is kept exactly as stored, which is what the first send carried.
 */
function validItem(data: unknown): OutboxItem | null {
  const envelope = Envelope.safeParse(data);
  if (!envelope.success) return null;
  const { command, input } = envelope.data;
  if (!commands[command].input.safeParse(input).success) return null;
  return { ...envelope.data, input } as OutboxItem;
}

function jsonArray(raw: string | null): unknown[] {
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    return Array.isArray(data) ? data : [];
  } catch {
    return [];
  }
}

/** Reads the stored outbox, dropping what could not be sent as is (tampered, or another version). */
export function parseOutbox(raw: string | null): OutboxItem[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  const stored = z.object({ version: z.literal(outboxVersion), items: z.array(z.unknown()) }).safeParse(data);
  if (!stored.success) return [];
  return mergeItems(
    stored.data.items.flatMap((d) => validItem(d) ?? []),
    [],
  );
}

export function serialiseOutbox(items: readonly OutboxItem[]): string {
  return JSON.stringify({ version: outboxVersion, items });
}

const record = (d: unknown): Record<string, unknown> =>
  typeof d === 'object' && d !== null ? (d as Record<string, unknown>) : {};

/** Items stored under the three old keys, in their formats of the time, as items of today. */
export function parseLegacyOutboxes(raw: {
  questions: string | null;
  upvotes: string | null;
  interactions: string | null;
}): OutboxItem[] {
  const items: unknown[] = [];
  for (const d of jsonArray(raw.questions).map(record)) {
    const input = { sessionId: d.sessionId, clientId: d.clientId, text: d.text, anonymous: d.anonymous };
    items.push({ ...d, command: 'question:ask', input });
  }
  for (const d of jsonArray(raw.upvotes).map(record)) {
    items.push({ ...d, command: 'question:upvote', input: { questionId: d.questionId, up: d.up } });
  }
  for (const d of jsonArray(raw.interactions).map(record)) {
    if (d.kind === 'ballot') {
      const input = { pollId: d.pollId, clientId: d.clientId, choices: d.choices };
      items.push({ ...d, command: 'poll:vote', input });
    } else if (d.kind === 'word') {
      const input = { cloudId: d.cloudId, clientId: d.clientId, text: d.text };
      items.push({ ...d, command: 'cloud:submit', input });
    }
  }
  // The envelope's schema drops what the old formats had beside it (`kind`, `text`…).
  return mergeItems(
    items.flatMap((d) => validItem(d) ?? []),
    [],
  );
}

/**
 * Reads the outbox, with whatever the old keys still hold (a first load after the update, or a
 * tab still running the previous version). Storage that cannot be read counts as empty.
 */
export function readOutbox(store: KeyValueStore, slug: string, participantId: string): OutboxItem[] {
  try {
    const legacy = legacyOutboxKeys(slug, participantId);
    const old = parseLegacyOutboxes({
      questions: store.getItem(legacy.questions),
      upvotes: store.getItem(legacy.upvotes),
      interactions: store.getItem(legacy.interactions),
    });
    return mergeItems(parseOutbox(store.getItem(outboxKey(slug, participantId))), old);
  } catch {
    return [];
  }
}

/**
 * Stores the outbox under its one key (removed once empty), then removes the old keys, whose
 * items `readOutbox` merged: only after the write succeeded, so a refused write loses nothing.
 * Returns whether storage took it.
 */
export function writeOutbox(
  store: KeyValueStore,
  slug: string,
  participantId: string,
  items: readonly OutboxItem[],
): boolean {
  try {
    const key = outboxKey(slug, participantId);
    if (items.length === 0) store.removeItem(key);
    else store.setItem(key, serialiseOutbox(items));
    for (const old of Object.values(legacyOutboxKeys(slug, participantId))) store.removeItem(old);
    return true;
  } catch {
    // Storage refused (private mode, quota): the outbox still lives in memory for this page.
    return false;
  }
}
