import type { Edition, Role } from '@agora/shared';
import type { PrincipalRecord, RegistrantRecord } from '../../modules/identity/identity.store.ts';
import {
  defaultSettings,
  type EditionSettings,
  type OrganizerAccount,
  type OrganizerStore,
  type RegistrantUpsert,
} from '../../modules/organizer/organizer.store.ts';
import { principalsOf } from './identity-state.ts';
import type { Journaled } from './journaled.ts';

/** The organizer part of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedOrganizerStore implements OrganizerStore {
  constructor(private readonly j: Journaled) {}

  async putOrganizer(account: OrganizerAccount): Promise<void> {
    await this.j.commit({ t: 'org-account', account });
  }
  async getOrganizer(id: string): Promise<OrganizerAccount | null> {
    const a = this.j.state().organizer.accounts.get(id);
    return a ? { ...a } : null;
  }
  async findOrganizerByEmail(email: string): Promise<OrganizerAccount | null> {
    for (const a of this.j.state().organizer.accounts.values()) if (a.email === email) return { ...a };
    return null;
  }
  async listEditions(): Promise<Edition[]> {
    return [...this.j.state().editions.values()].sort((a, b) => a.startDate.localeCompare(b.startDate));
  }
  async getSettings(editionId: string): Promise<EditionSettings> {
    return { ...(this.j.state().organizer.settings.get(editionId) ?? defaultSettings) };
  }
  async putSettings(editionId: string, settings: EditionSettings): Promise<void> {
    await this.j.commit({ t: 'org-settings', editionId, settings });
  }
  async listPrincipals<R extends Role>(
    role: R,
    editionId: string,
  ): Promise<Extract<PrincipalRecord, { role: R }>[]> {
    return principalsOf(this.j.state(), role, editionId).map((p) => ({ ...p })) as Extract<
      PrincipalRecord,
      { role: R }
    >[];
  }
  async withActiveCode(role: Role, editionId: string): Promise<Set<string>> {
    const state = this.j.state();
    const ids = new Set<string>();
    for (const c of state.codes.values()) {
      if (c.role !== role || c.revoked) continue;
      // The principal's edition, not the code's: an erased principal is no longer one of the
      // edition's, even if a code was issued to its id afterwards (as the Redis store reads it).
      if (state.principals.get(`${role}:${c.principalId}`)?.editionId === editionId) ids.add(c.principalId);
    }
    return ids;
  }
  async codeCounts(role: Role, principalId: string): Promise<{ active: number; revoked: number }> {
    const counts = { active: 0, revoked: 0 };
    for (const c of this.j.state().codes.values()) {
      if (c.role === role && c.principalId === principalId) counts[c.revoked ? 'revoked' : 'active'] += 1;
    }
    return counts;
  }
  upsertRegistrants(editionId: string, rows: RegistrantRecord[]): Promise<RegistrantUpsert> {
    return this.j.commit({ t: 'org-upsert-registrants', editionId, rows });
  }
}
