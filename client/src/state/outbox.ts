import type { Ack, AppErrorBody, CommandInput } from '@agora/shared';

/**
 * The commands a participant's phone keeps until the server answers them. Each is idempotent: a
 * re-send after a lost ack is answered with the first result (per `clientId`), or sets the same
 * desired state again (`question:upvote`), so the outbox may re-send freely.
 */
export const outboxCommands = ['question:ask', 'question:upvote', 'poll:vote', 'cloud:submit'] as const;
export type OutboxCommand = (typeof outboxCommands)[number];

/**
 * One command not yet acknowledged: its input exactly as it will be sent, plus the session whose
 * page re-sends it. `clientId` is the input's idempotency key when the command has one; for
 * `question:upvote`, which has none on the wire, it only tells this toggle from a newer one.
 */
export type OutboxItem<N extends OutboxCommand = OutboxCommand> = {
  [K in N]: { command: K; clientId: string; sessionId: string; createdAt: number; input: CommandInput<K> };
}[N];

/**
 * What differs between commands; the queue itself is the same for all. Method syntax on purpose:
 * it lets the policy of any one command be read through the policy of the union.
 */
type OutboxPolicy<N extends OutboxCommand> = {
  /** Where an error is shown: one message per target. */
  target(item: OutboxItem<N>): string;
  /** A newer item in the same slot makes an unsent older one pointless: only the latest counts. */
  slot?(item: OutboxItem<N>): string;
  /** Codes after which re-sending the same item can never succeed. */
  finalErrors: ReadonlySet<string>;
  /** How long to wait before re-sending an unanswered item while connected. */
  retryMs: number;
};

/** The input is malformed or too large, the role or policy refuses it, the target is gone or no longer open. */
const REFUSED = ['INVALID_PAYLOAD', 'FORBIDDEN', 'POLICY_FORBIDS', 'NOT_FOUND', 'CONFLICT'] as const;

const policies: { [N in OutboxCommand]: OutboxPolicy<N> } = {
  'question:ask': {
    target: (item) => item.sessionId,
    finalErrors: new Set(REFUSED),
    retryMs: 5_000,
  },
  'question:upvote': {
    target: (item) => item.sessionId,
    // Set semantics: a toggle replaces any unsent one for the same question. One already on the
    // wire is answered, then overtaken by the newer one, which the server receives after it on
    // the same connection.
    slot: (item) => item.input.questionId,
    finalErrors: new Set(REFUSED),
    retryMs: 3_000,
  },
  'poll:vote': {
    target: (item) => item.input.pollId,
    // Only the latest ballot of a poll counts, so an older unsent one need not be retried.
    slot: (item) => item.input.pollId,
    finalErrors: new Set([...REFUSED, 'CLOSED']),
    retryMs: 3_000,
  },
  'cloud:submit': {
    target: (item) => item.input.cloudId,
    finalErrors: new Set([...REFUSED, 'CLOSED', 'LIMIT_REACHED']),
    retryMs: 3_000,
  },
};

function policyOf(item: OutboxItem): OutboxPolicy<OutboxCommand> {
  return policies[item.command];
}

/** The key under which an item's last error is kept. */
export function errorKey(command: OutboxCommand, target: string): string {
  return `${command} ${target}`;
}

function errorKeyOf(item: OutboxItem): string {
  return errorKey(item.command, policyOf(item).target(item));
}

function slotOf(item: OutboxItem): string | null {
  const slot = policyOf(item).slot?.(item);
  return slot === undefined ? null : `${item.command} ${slot}`;
}

export function isFinalError(item: OutboxItem, code: string): boolean {
  return policyOf(item).finalErrors.has(code);
}

export function retryDelay(item: OutboxItem): number {
  return policyOf(item).retryMs;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** An idempotency key matching `ClientId`: 22 random url-safe characters (132 bits). */
export function newClientId(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(22));
  let id = '';
  for (const b of bytes) id += ALPHABET[b & 63];
  return id;
}

/** Builds an item; `input` receives the client id so commands that carry one send the same. */
export function newItem<N extends OutboxCommand>(
  command: N,
  sessionId: string,
  input: (clientId: string) => CommandInput<N>,
  createdAt: number,
  clientId = newClientId(),
): OutboxItem {
  // A generic `N` cannot select its member of the union without this one assertion.
  return { command, clientId, sessionId, createdAt, input: input(clientId) } as OutboxItem;
}

/** Adds an item once per client id, dropping the unsent items it makes pointless. */
export function enqueue(items: readonly OutboxItem[], item: OutboxItem): OutboxItem[] {
  if (items.some((i) => i.clientId === item.clientId)) return [...items];
  const slot = slotOf(item);
  return [...(slot === null ? items : items.filter((i) => slotOf(i) !== slot)), item];
}

export function dequeue(items: readonly OutboxItem[], clientId: string): OutboxItem[] {
  return items.filter((i) => i.clientId !== clientId);
}

/**
 * Joins what storage holds (another tab of the same person may have added to it) with what this
 * page holds, oldest first, so that in a slot the newest item wins whichever side it came from.
 * An item this page once stored (`persisted`) that storage no longer holds was answered in
 * another tab and is dropped; one storage never took (private mode, quota) is kept.
 */
export function mergeItems(
  stored: readonly OutboxItem[],
  memory: readonly OutboxItem[],
  persisted: ReadonlySet<string> = new Set(),
): OutboxItem[] {
  const held = new Set(stored.map((i) => i.clientId));
  const kept = memory.filter((i) => held.has(i.clientId) || !persisted.has(i.clientId));
  const all = [...stored, ...kept].sort((a, b) => a.createdAt - b.createdAt);
  return all.reduce<OutboxItem[]>(enqueue, []);
}

/** The outbox of one page: the items (stored), the last error per target and the newest answer per slot (memory only). */
export type OutboxState = {
  items: readonly OutboxItem[];
  errors: ReadonlyMap<string, AppErrorBody>;
  answered: ReadonlyMap<string, number>;
};

export type OutboxEvent =
  { type: 'enqueued'; item: OutboxItem } | { type: 'answered'; item: OutboxItem; ack: Ack<unknown> };

export const emptyOutbox: OutboxState = { items: [], errors: new Map(), answered: new Map() };

function withError(errors: ReadonlyMap<string, AppErrorBody>, key: string, error: AppErrorBody | null) {
  if (!error && !errors.has(key)) return errors;
  const next = new Map(errors);
  if (error) next.set(key, error);
  else next.delete(key);
  return next;
}

/**
 * An answer leaves the item in the outbox only when a retry may still succeed (offline, rate
 * limited, the server restarting); a new item clears the error shown for its target.
 */
export function outboxReducer(state: OutboxState, event: OutboxEvent): OutboxState {
  const { item } = event;
  if (event.type === 'enqueued') {
    return {
      ...state,
      items: enqueue(state.items, item),
      errors: withError(state.errors, errorKeyOf(item), null),
    };
  }
  const { ack } = event;
  if (!ack.ok) {
    return {
      ...state,
      items: isFinalError(item, ack.error.code) ? dequeue(state.items, item.clientId) : state.items,
      errors: withError(state.errors, errorKeyOf(item), ack.error),
    };
  }
  const slot = slotOf(item);
  const answered = new Map(state.answered);
  if (slot !== null && item.createdAt > (answered.get(slot) ?? -Infinity)) answered.set(slot, item.createdAt);
  return {
    items: dequeue(state.items, item.clientId),
    errors: withError(state.errors, errorKeyOf(item), null),
    answered,
  };
}

/**
 * Whether a successful answer is news for the page: two items of one slot may be answered out of
 * order, and the older answer must not overwrite what the newer one recorded.
 */
export function isNewestAnswer(state: OutboxState, item: OutboxItem): boolean {
  const slot = slotOf(item);
  return slot === null || item.createdAt > (state.answered.get(slot) ?? -Infinity);
}

/** The items of one command, typed. */
export function itemsOf<N extends OutboxCommand>(
  items: readonly OutboxItem[],
  command: N,
): Extract<OutboxItem, { command: N }>[] {
  return items.filter((i): i is Extract<OutboxItem, { command: N }> => i.command === command);
}

/** The desired state per question of one session, for the buttons to show before the server agrees. */
export function pendingUpvotes(
  items: readonly OutboxItem[],
  sessionId: string,
): ReadonlyMap<string, boolean> {
  return new Map(
    itemsOf(items, 'question:upvote')
      .filter((i) => i.sessionId === sessionId)
      .map((i) => [i.input.questionId, i.input.up]),
  );
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

/** A question or a word waiting to be sent, as the participant's lists show it. */
export type PendingText = { clientId: string; text: string };

export function pendingQuestions(items: readonly OutboxItem[], sessionId: string): PendingText[] {
  return itemsOf(items, 'question:ask')
    .filter((i) => i.sessionId === sessionId)
    .map((i) => ({ clientId: i.clientId, text: i.input.text }));
}

/** The choices of the latest unacknowledged ballot of a poll, or null. */
export function pendingBallot(items: readonly OutboxItem[], pollId: string): string[] | null {
  const ballot = itemsOf(items, 'poll:vote')
    .filter((i) => i.input.pollId === pollId)
    .at(-1);
  return ballot ? ballot.input.choices : null;
}

export function pendingWords(items: readonly OutboxItem[], cloudId: string): PendingText[] {
  return itemsOf(items, 'cloud:submit')
    .filter((i) => i.input.cloudId === cloudId)
    .map((i) => ({ clientId: i.clientId, text: i.input.text }));
}
