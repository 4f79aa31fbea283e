import type { Role } from '@agora/shared';
import { revocable } from '../../modules/identity/identity.rules.ts';
import type { Command, Reads } from './optimistic-write.ts';

/**
 * Revoking every code of a principal, as part of a compare-and-set (`revokeCodes`, erasure): the
 * principal's code set and each code read, those identity.rules.ts revokes marked.
 */
export async function revocation(
  reads: Reads,
  prefix: string,
  role: Role,
  principalId: string,
): Promise<{ writes: Command[]; count: number }> {
  const hashes = await reads.read<string[]>(['SMEMBERS', `${prefix}principal:${role}:${principalId}:codes`]);
  const writes: Command[] = [];
  for (const hash of hashes) {
    const key = `${prefix}code:${hash}`;
    const [codeRole, codePrincipal, revoked] = await reads.read<(string | null)[]>([
      'HMGET',
      key,
      'role',
      'principalId',
      'revoked',
    ]);
    const code = { role: codeRole as Role, principalId: codePrincipal ?? '', revoked: revoked === '1' };
    if (codeRole !== null && revocable(code, role, principalId)) writes.push(['HSET', key, 'revoked', '1']);
  }
  return { writes, count: writes.length };
}
