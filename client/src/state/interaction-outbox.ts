import { Ballot, ClientId, Id, commands } from '@agora/shared';
import { z } from 'zod';

/**
 * What is stored for a ballot or a word not yet acknowledged: its command input plus the session,
 * so the phone re-sends it, with the same client id, after a reload or a reconnect.
 */
const StoredBallot = z.object({
  kind: z.literal('ballot'),
  clientId: ClientId,
  sessionId: Id,
  pollId: Ballot.shape.pollId,
  choices: Ballot.shape.choices,
  createdAt: z.number(),
});
const StoredWord = z.object({
  kind: z.literal('word'),
  clientId: ClientId,
  sessionId: Id,
  cloudId: Id,
  text: commands['cloud:submit'].input.shape.text,
  createdAt: z.number(),
});
const StoredItem = z.discriminatedUnion('kind', [StoredBallot, StoredWord]);

export type PendingBallot = z.infer<typeof StoredBallot>;
export type PendingWord = z.infer<typeof StoredWord>;
export type InteractionOutboxItem = z.infer<typeof StoredItem>;

/**
 * Adds a submission. A new ballot replaces an unsent one for the same poll: only the latest
 * ballot counts, so the older one need not be retried (one already on the wire is answered and
 * then overtaken by this one, which the server receives after it on the same connection).
 */
export function enqueueSubmission(
  items: readonly InteractionOutboxItem[],
  item: InteractionOutboxItem,
): InteractionOutboxItem[] {
  if (items.some((i) => i.clientId === item.clientId)) return [...items];
  const kept =
    item.kind === 'ballot' ? items.filter((i) => !(i.kind === 'ballot' && i.pollId === item.pollId)) : items;
  return [...kept, item];
}

export function dequeueSubmission(
  items: readonly InteractionOutboxItem[],
  clientId: string,
): InteractionOutboxItem[] {
  return items.filter((i) => i.clientId !== clientId);
}

export function pendingBallot(items: readonly InteractionOutboxItem[], pollId: string): PendingBallot | null {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === 'ballot' && item.pollId === pollId) return item;
  }
  return null;
}

export function pendingWords(items: readonly InteractionOutboxItem[], cloudId: string): PendingWord[] {
  return items.filter((i): i is PendingWord => i.kind === 'word' && i.cloudId === cloudId);
}

/** Reads what was stored, keeping only entries that can still be sent as they are. */
export function parseInteractionOutbox(raw: string | null): InteractionOutboxItem[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.flatMap((d) => {
    const parsed = StoredItem.safeParse(d);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Codes after which re-sending the same submission can never succeed: the poll closed, the
 * participant's word limit is reached, the policy or the input refuses it.
 */
const FINAL = new Set([
  'INVALID_PAYLOAD',
  'FORBIDDEN',
  'POLICY_FORBIDS',
  'NOT_FOUND',
  'CONFLICT',
  'CLOSED',
  'LIMIT_REACHED',
]);

export function isFinalSubmissionError(code: string): boolean {
  return FINAL.has(code);
}
