import { ClientId, limits } from '@agora/shared';

/** A question typed by a participant and not yet acknowledged by the server. */
export type OutboxItem = {
  clientId: string;
  sessionId: string;
  text: string;
  anonymous: boolean;
  createdAt: number;
};

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

export function enqueue(items: readonly OutboxItem[], item: OutboxItem): OutboxItem[] {
  if (items.some((i) => i.clientId === item.clientId)) return [...items];
  return [...items, item];
}

export function dequeue(items: readonly OutboxItem[], clientId: string): OutboxItem[] {
  return items.filter((i) => i.clientId !== clientId);
}

/** Reads what was stored, dropping anything that could not be sent as is (tampered or from an older version). */
export function parseOutbox(raw: string | null): OutboxItem[] {
  if (!raw) return [];
  try {
    const data: unknown = JSON.parse(raw);
    if (!Array.isArray(data)) return [];
    return data.filter((i): i is OutboxItem => {
      if (typeof i !== 'object' || i === null) return false;
      const o = i as Record<string, unknown>;
      return (
        ClientId.safeParse(o.clientId).success &&
        typeof o.sessionId === 'string' &&
        typeof o.text === 'string' &&
        o.text.length <= limits.questionMaxLength &&
        typeof o.anonymous === 'boolean' &&
        typeof o.createdAt === 'number'
      );
    });
  } catch {
    return [];
  }
}

/** Error codes after which re-sending the same question can never succeed. */
const FINAL_ERRORS = new Set(['INVALID_PAYLOAD', 'FORBIDDEN', 'POLICY_FORBIDS', 'NOT_FOUND', 'CONFLICT']);

export function isFinalError(code: string): boolean {
  return FINAL_ERRORS.has(code);
}
