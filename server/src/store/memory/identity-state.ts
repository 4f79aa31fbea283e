import type { Edition, Role } from '@agora/shared';
import type {
  CodeRecord,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import { revocable } from '../../modules/identity/identity.rules.ts';
import { checkEdition, checkErasure, decideRegistrants } from '../../modules/organizer/organizer.rules.ts';
import type { RegistrantUpsert } from '../../modules/organizer/organizer.store.ts';

/**
 * Operations on people and their codes. `org-upsert-registrants` keeps the name it was journaled
 * under when the organizer console wrote it: existing journals replay it as it is.
 */
export type IdentityOp =
  | { t: 'registrant'; registrant: RegistrantRecord }
  | { t: 'moderator'; moderator: ModeratorRecord }
  | { t: 'screen'; screen: ScreenRecord }
  | { t: 'code'; code: CodeRecord }
  | { t: 'revoke'; role: Role; principalId: string }
  | { t: 'org-upsert-registrants'; editionId: string; rows: RegistrantRecord[] }
  | { t: 'erase-principal'; role: Role; editionId: string; principalId: string };

const kinds = new Set<string>([
  'registrant',
  'moderator',
  'screen',
  'code',
  'revoke',
  'org-upsert-registrants',
  'erase-principal',
]);

export function isIdentityOp(op: { t: string }): op is IdentityOp {
  return kinds.has(op.t);
}

/** The part of the embedded state identity owns (the `State` has these maps). */
export interface IdentityMaps {
  editions: Map<string, Edition>;
  /** `${role}:${id}` → record */
  principals: Map<string, PrincipalRecord>;
  /** code hash → record */
  codes: Map<string, CodeRecord>;
}

export const principalKey = (role: string, id: string): string => `${role}:${id}`;

export const principalsOf = (maps: IdentityMaps, role: Role, editionId: string): PrincipalRecord[] =>
  [...maps.principals.values()].filter((p) => p.role === role && p.editionId === editionId);

function revokeAll(maps: IdentityMaps, role: Role, principalId: string): number {
  let count = 0;
  for (const code of maps.codes.values()) {
    if (revocable(code, role, principalId)) {
      code.revoked = true;
      count += 1;
    }
  }
  return count;
}

function upsertRegistrants(
  maps: IdentityMaps,
  editionId: string,
  rows: RegistrantRecord[],
): RegistrantUpsert {
  checkEdition(maps.editions.has(editionId));
  const known = new Map<string, RegistrantRecord>();
  for (const p of principalsOf(maps, 'participant', editionId)) {
    if (p.role === 'participant') known.set(p.email.toLowerCase(), p);
  }
  const { upsert, writes } = decideRegistrants(known, rows);
  for (const { record } of writes) {
    maps.principals.set(principalKey('participant', record.id), { role: 'participant', ...record });
  }
  return upsert;
}

/** Applies an identity operation: checks first, then changes (all or nothing). */
export function applyIdentityOp(maps: IdentityMaps, op: IdentityOp): unknown {
  switch (op.t) {
    case 'registrant':
      maps.principals.set(principalKey('participant', op.registrant.id), {
        role: 'participant',
        ...op.registrant,
      });
      return undefined;
    case 'moderator':
      maps.principals.set(principalKey('moderator', op.moderator.id), { role: 'moderator', ...op.moderator });
      return undefined;
    case 'screen':
      maps.principals.set(principalKey('projector', op.screen.id), { role: 'projector', ...op.screen });
      return undefined;
    case 'code':
      maps.codes.set(op.code.hash, op.code);
      return undefined;
    case 'revoke':
      return revokeAll(maps, op.role, op.principalId);
    case 'org-upsert-registrants':
      return upsertRegistrants(maps, op.editionId, op.rows);
    case 'erase-principal': {
      const key = principalKey(op.role, op.principalId);
      const record = maps.principals.get(key);
      checkErasure(record ?? null, op.editionId);
      maps.principals.delete(key);
      return revokeAll(maps, op.role, op.principalId);
    }
  }
}
