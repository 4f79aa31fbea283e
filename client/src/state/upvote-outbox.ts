import { ClientId, Id, commands } from '@agora/shared';
import { z } from 'zod';

/**
 * What is stored for an upvote not yet acknowledged: the desired state of one question, plus the
 * session so only that session's page re-sends it. `question:upvote` has set semantics and no
 * client id on the wire; the local `clientId` only tells the ack of this toggle from that of a
 * newer one for the same question.
 */
const StoredUpvote = z.object({
  clientId: ClientId,
  sessionId: Id,
  questionId: commands['question:upvote'].input.shape.questionId,
  up: commands['question:upvote'].input.shape.up,
  createdAt: z.number(),
});

export type PendingUpvote = z.infer<typeof StoredUpvote>;

/**
 * Adds a toggle. It replaces any unsent one for the same question: only the latest desired state
 * matters, and re-sending it is harmless (one already on the wire is answered, then overtaken by
 * this one, which the server receives after it on the same connection).
 */
export function enqueueUpvote(items: readonly PendingUpvote[], item: PendingUpvote): PendingUpvote[] {
  if (items.some((i) => i.clientId === item.clientId)) return [...items];
  return [...items.filter((i) => i.questionId !== item.questionId), item];
}

/** Removes a toggle once answered; a newer toggle for the same question stays, to be sent. */
export function dequeueUpvote(items: readonly PendingUpvote[], clientId: string): PendingUpvote[] {
  return items.filter((i) => i.clientId !== clientId);
}

/** The desired state per question of one session, for the buttons to show before the server agrees. */
export function pendingUpvotes(
  items: readonly PendingUpvote[],
  sessionId: string,
): ReadonlyMap<string, boolean> {
  return new Map(items.filter((i) => i.sessionId === sessionId).map((i) => [i.questionId, i.up]));
}

/**
 * What a vote button shows: the server's count and state, or, while a toggle is unacknowledged,
 * the state it asks for with the count moved by the one vote it changes.
 */
export function displayedVote(
  votes: number,
  upvotedOnServer: boolean,
  pending: boolean | undefined,
): { votes: number; upvoted: boolean; pending: boolean } {
  if (pending === undefined) return { votes, upvoted: upvotedOnServer, pending: false };
  const delta = pending === upvotedOnServer ? 0 : pending ? 1 : -1;
  return { votes: Math.max(0, votes + delta), upvoted: pending, pending: true };
}

/** Reads what was stored, keeping only entries that can still be sent as they are. */
export function parseUpvoteOutbox(raw: string | null): PendingUpvote[] {
  if (!raw) return [];
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.reduce<PendingUpvote[]>((kept, d) => {
    const parsed = StoredUpvote.safeParse(d);
    return parsed.success ? enqueueUpvote(kept, parsed.data) : kept;
  }, []);
}

/**
 * Codes after which re-sending the same toggle can never succeed: the question is gone or no
 * longer approved, the policy or the role refuses it, the input is malformed.
 */
const FINAL = new Set(['INVALID_PAYLOAD', 'FORBIDDEN', 'POLICY_FORBIDS', 'NOT_FOUND', 'CONFLICT']);

export function isFinalUpvoteError(code: string): boolean {
  return FINAL.has(code);
}
