import type { CodeRecord } from './identity.store.ts';

/*
 * The rules of codes, decided once; both stores apply them. (Erasure's refusal is the organizer's,
 * organizer.rules.ts.)
 */

/** Whether revoking a principal's codes revokes this one: theirs, and not revoked already. */
export function revocable(
  code: Pick<CodeRecord, 'role' | 'principalId' | 'revoked'>,
  role: CodeRecord['role'],
  principalId: string,
): boolean {
  return code.role === role && code.principalId === principalId && !code.revoked;
}
