import { AppError, type Edition, type Role } from '@agora/shared';
import type { PrincipalRecord, RegistrantRecord } from '../../modules/identity/identity.store.ts';
import {
  defaultSettings,
  type EditionSettings,
  type OrganizerAccount,
  type OrganizerStore,
  type RegistrantUpsert,
} from '../../modules/organizer/organizer.store.ts';
import type { State } from './state.ts';

/** Operations of the organizer console; like every `Op`, they carry every generated value. */
export type OrganizerOp =
  | { t: 'org-account'; account: OrganizerAccount }
  | { t: 'org-settings'; editionId: string; settings: EditionSettings }
  | { t: 'org-upsert-registrants'; editionId: string; rows: RegistrantRecord[] }
  | { t: 'org-erase'; role: Role; editionId: string; principalId: string }
  | { t: 'org-wipe-questions'; editionId: string }
  | { t: 'org-wipe-interactions'; editionId: string };

const kinds = new Set<string>([
  'org-account',
  'org-settings',
  'org-upsert-registrants',
  'org-erase',
  'org-wipe-questions',
  'org-wipe-interactions',
]);

export function isOrganizerOp(op: { t: string }): op is OrganizerOp {
  return kinds.has(op.t);
}

/** The organizer part of the embedded state: accounts and edition settings. */
export class OrganizerState {
  accounts = new Map<string, OrganizerAccount>();
  settings = new Map<string, EditionSettings>();

  toJSON(): unknown {
    return { accounts: [...this.accounts.values()], settings: [...this.settings.entries()] };
  }

  /** Loads what `toJSON` wrote; snapshots from before the console have no such part. */
  load(raw: unknown): void {
    const data = raw as { accounts?: OrganizerAccount[]; settings?: [string, EditionSettings][] } | undefined;
    for (const a of data?.accounts ?? []) this.accounts.set(a.id, a);
    for (const [id, s] of data?.settings ?? []) this.settings.set(id, s);
  }
}

const principalsOf = (state: State, role: Role, editionId: string): PrincipalRecord[] =>
  [...state.principals.values()].filter((p) => p.role === role && p.editionId === editionId);

/** Applies an organizer operation to the whole state: checks first, then changes (all or nothing). */
export function applyOrganizerOp(state: State, op: OrganizerOp): unknown {
  const org = state.organizer;
  switch (op.t) {
    case 'org-account': {
      for (const a of org.accounts.values()) {
        if (a.email === op.account.email && a.id !== op.account.id) {
          throw new AppError('CONFLICT', 'an organizer account with this email exists');
        }
      }
      org.accounts.set(op.account.id, op.account);
      return undefined;
    }
    case 'org-settings':
      if (!state.editions.has(op.editionId)) throw new AppError('NOT_FOUND', 'edition not found');
      org.settings.set(op.editionId, { ...op.settings });
      return undefined;
    case 'org-upsert-registrants': {
      if (!state.editions.has(op.editionId)) throw new AppError('NOT_FOUND', 'edition not found');
      const byEmail = new Map<string, RegistrantRecord>();
      for (const p of principalsOf(state, 'participant', op.editionId)) {
        if (p.role === 'participant') byEmail.set(p.email.toLowerCase(), p);
      }
      const result: RegistrantUpsert = { created: [], updated: [], unchanged: [] };
      for (const row of op.rows) {
        const existing = byEmail.get(row.email.toLowerCase());
        const next = existing ? { ...row, id: existing.id } : row;
        if (!existing) result.created.push(next.id);
        else if (
          existing.name === next.name &&
          existing.organisation === next.organisation &&
          existing.attendance === next.attendance &&
          existing.email === next.email
        ) {
          result.unchanged.push(next.id);
          continue;
        } else result.updated.push(next.id);
        byEmail.set(next.email.toLowerCase(), next);
        state.principals.set(`participant:${next.id}`, { role: 'participant', ...next });
      }
      return result;
    }
    case 'org-erase': {
      const key = `${op.role}:${op.principalId}`;
      const record = state.principals.get(key);
      if (!record || record.editionId !== op.editionId) throw new AppError('NOT_FOUND', 'not found');
      state.principals.delete(key);
      let codes = 0;
      for (const code of state.codes.values()) {
        if (code.role === op.role && code.principalId === op.principalId && !code.revoked) {
          code.revoked = true;
          codes += 1;
        }
      }
      let questions = 0;
      for (const q of state.questions.values()) {
        if (q.authorId !== op.principalId) continue;
        q.authorName = '';
        q.anonymous = true;
        questions += 1;
      }
      return { questions, codes };
    }
    case 'org-wipe-questions': {
      const sessionIds = [...state.sessions.values()]
        .filter((s) => s.editionId === op.editionId)
        .map((s) => s.id);
      let wiped = 0;
      for (const sessionId of sessionIds) {
        for (const id of state.bySession.get(sessionId) ?? []) {
          const q = state.questions.get(id);
          if (q) state.byClientId.delete(`${q.authorId}:${q.clientId}`);
          state.questions.delete(id);
          wiped += 1;
        }
        state.bySession.delete(sessionId);
        const live = state.liveOf(sessionId);
        live.seq += 1;
        live.pending = 0;
        live.onScreenId = null;
        live.screen = null;
      }
      return wiped;
    }
    case 'org-wipe-interactions': {
      let used = 0;
      for (const s of state.sessions.values()) {
        if (s.editionId !== op.editionId) continue;
        used += state.interactions.resetSession(s.id);
        const live = state.liveOf(s.id);
        live.seq += 1;
        live.onScreenId = null;
        live.screen = null;
      }
      return used;
    }
  }
}

/** The organizer part of the embedded store: reads from the state, writes through the journal. */
export class EmbeddedOrganizerStore implements OrganizerStore {
  constructor(
    private readonly state: () => State,
    private readonly commit: <T>(op: OrganizerOp) => Promise<T>,
  ) {}

  async putOrganizer(account: OrganizerAccount): Promise<void> {
    await this.commit({ t: 'org-account', account });
  }
  async getOrganizer(id: string): Promise<OrganizerAccount | null> {
    const a = this.state().organizer.accounts.get(id);
    return a ? { ...a } : null;
  }
  async findOrganizerByEmail(email: string): Promise<OrganizerAccount | null> {
    for (const a of this.state().organizer.accounts.values()) if (a.email === email) return { ...a };
    return null;
  }
  async listEditions(): Promise<Edition[]> {
    return [...this.state().editions.values()].sort((a, b) => a.startDate.localeCompare(b.startDate));
  }
  async getSettings(editionId: string): Promise<EditionSettings> {
    return { ...(this.state().organizer.settings.get(editionId) ?? defaultSettings) };
  }
  async putSettings(editionId: string, settings: EditionSettings): Promise<void> {
    await this.commit({ t: 'org-settings', editionId, settings });
  }
  async listPrincipals<R extends Role>(
    role: R,
    editionId: string,
  ): Promise<Extract<PrincipalRecord, { role: R }>[]> {
    return principalsOf(this.state(), role, editionId).map((p) => ({ ...p })) as Extract<
      PrincipalRecord,
      { role: R }
    >[];
  }
  async withActiveCode(role: Role, editionId: string): Promise<Set<string>> {
    const state = this.state();
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
    for (const c of this.state().codes.values()) {
      if (c.role === role && c.principalId === principalId) counts[c.revoked ? 'revoked' : 'active'] += 1;
    }
    return counts;
  }
  upsertRegistrants(editionId: string, rows: RegistrantRecord[]): Promise<RegistrantUpsert> {
    return this.commit({ t: 'org-upsert-registrants', editionId, rows });
  }
  erasePrincipal(
    role: Role,
    editionId: string,
    principalId: string,
  ): Promise<{ questions: number; codes: number }> {
    return this.commit({ t: 'org-erase', role, editionId, principalId });
  }
  wipeQuestions(editionId: string): Promise<number> {
    return this.commit({ t: 'org-wipe-questions', editionId });
  }
  wipeInteractions(editionId: string): Promise<number> {
    return this.commit({ t: 'org-wipe-interactions', editionId });
  }
}
