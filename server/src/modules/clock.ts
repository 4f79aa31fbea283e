import { randomBytes } from 'node:crypto';

/** Time source, injected so tests can use a fake clock. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Random url-safe identifiers (96 bits). */
export function newId(): string {
  return randomBytes(12).toString('base64url');
}
