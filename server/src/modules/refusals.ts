import { AppError } from '@agora/shared';

/** What a NOT_FOUND refusal names. */
export type Thing = 'question' | 'session' | 'poll' | 'cloud' | 'word' | 'edition';

/**
 * The refusals every feature's rules share; each feature's own are in its `<feature>.rules.ts`.
 * Named by the Redis scripts as `common.<name>` (rule-refusals.ts).
 */
export const refusals = {
  notFound: (what: Thing) => new AppError('NOT_FOUND', `${what} not found`),
} as const;

/** The value, or the NOT_FOUND refusal of `what`. */
export function mustExist<T>(value: T | null | undefined, what: Thing): T {
  if (value === null || value === undefined) throw refusals.notFound(what);
  return value;
}
