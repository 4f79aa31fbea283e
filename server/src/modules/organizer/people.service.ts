import {
  AppError,
  formatCode,
  type Edition,
  type ImportReport,
  type IssuedCode,
  type Role,
  type RegistrantView,
  type Session,
} from '@agora/shared';
import { newId } from '../clock.ts';
import { generateCode, hashCode } from '../identity/codes.ts';
import type { ModeratorRecord, RegistrantRecord, ScreenRecord } from '../identity/identity.store.ts';
import { writeCsv } from './csv.ts';
import { editionOf, type ConsoleStore, type Links } from './organizer.deps.ts';
import { readRegistrants } from './registrant-rows.ts';

/** Codes are written this many at a time: the embedded journal fsyncs them as one group. */
const CODE_BATCH = 200;

type Person =
  | ({ role: 'participant' } & RegistrantRecord)
  | ({ role: 'moderator' } & ModeratorRecord)
  | ({ role: 'projector' } & ScreenRecord);

/**
 * Registrants, moderators and projector screens of an edition, and their personal codes.
 * Organizer only (the routes check). A code is returned once, when issued: the store keeps only
 * its keyed hash.
 */
export class PeopleService {
  constructor(
    private readonly store: ConsoleStore,
    private readonly codeKey: Buffer,
    private readonly links: Links,
  ) {}

  // --- registrants ---

  async registrants(slug: string): Promise<RegistrantView[]> {
    const edition = await editionOf(this.store.program, slug);
    const [list, coded] = await Promise.all([
      this.store.organizer.listPrincipals('participant', edition.id),
      this.store.organizer.withActiveCode('participant', edition.id),
    ]);
    return list.map((r) => this.registrantView(r, coded.has(r.id)));
  }

  private registrantView(r: RegistrantRecord, hasCode: boolean): RegistrantView {
    return {
      id: r.id,
      name: r.name,
      email: r.email,
      organisation: r.organisation,
      attendance: r.attendance,
      hasCode,
    };
  }

  /** Imports a registration list (CSV); good rows applied in one step, keyed on the email. */
  async importRegistrants(slug: string, csv: string): Promise<ImportReport> {
    const edition = await editionOf(this.store.program, slug);
    const { rows, errors, read } = readRegistrants(csv);
    const result =
      rows.length === 0
        ? { created: [], updated: [], unchanged: [] }
        : await this.store.organizer.upsertRegistrants(
            edition.id,
            rows.map((r) => ({
              id: newId(),
              editionId: edition.id,
              name: r.name,
              email: r.email,
              organisation: r.organisation,
              attendance: r.attendance,
            })),
          );
    return {
      rows: read,
      created: result.created.length,
      updated: result.updated.length,
      unchanged: result.unchanged.length,
      errors,
    };
  }

  async updateRegistrant(
    slug: string,
    id: string,
    patch: Partial<Pick<RegistrantRecord, 'name' | 'organisation' | 'attendance'>>,
  ): Promise<RegistrantView> {
    const { person } = await this.person(slug, 'participant', id);
    const next: RegistrantRecord = { ...(person as RegistrantRecord), ...patch };
    const { role: _role, ...record } = next as RegistrantRecord & { role?: Role };
    await this.store.identity.putRegistrant(record);
    const coded = await this.store.organizer.withActiveCode('participant', next.editionId);
    return this.registrantView(record, coded.has(id));
  }

  /**
   * Issues codes to the registrants chosen (revoking their old ones), or to every registrant
   * without an active code. NOT_FOUND if a chosen id is not a registrant of this edition.
   */
  async issueRegistrantCodes(slug: string, ids?: string[]): Promise<IssuedCode[]> {
    const edition = await editionOf(this.store.program, slug);
    const all = await this.store.organizer.listPrincipals('participant', edition.id);
    let chosen: RegistrantRecord[];
    if (ids) {
      const byId = new Map(all.map((r) => [r.id, r]));
      const unknown = ids.filter((id) => !byId.has(id));
      if (unknown.length > 0) throw new AppError('NOT_FOUND', 'registrant not found', { ids: unknown });
      chosen = [...new Set(ids)].map((id) => byId.get(id)!);
      for (const r of chosen) await this.store.identity.revokeCodes('participant', r.id);
    } else {
      const coded = await this.store.organizer.withActiveCode('participant', edition.id);
      chosen = all.filter((r) => !coded.has(r.id));
    }
    const issued: IssuedCode[] = [];
    for (let i = 0; i < chosen.length; i += CODE_BATCH) {
      const batch = chosen.slice(i, i + CODE_BATCH);
      issued.push(
        ...(await Promise.all(batch.map((r) => this.issue(edition, { role: 'participant', ...r }, null)))),
      );
    }
    return issued;
  }

  /** The mail-merge file of issued codes: name;email;code;link (UTF-8 BOM, `;`). */
  codesCsv(codes: IssuedCode[]): string {
    return writeCsv(
      ['nom', 'email', 'code', 'lien'],
      codes.map((c) => [c.name, c.email ?? '', c.code, c.link]),
    );
  }

  // --- any person: revoke, reissue ---

  /** Revokes every code of a registrant, moderator or screen; their open sessions stop at their next call. */
  async revoke(slug: string, role: Role, id: string): Promise<number> {
    await this.person(slug, role, id);
    return this.store.identity.revokeCodes(role, id);
  }

  /** Revokes and issues a new code. */
  async reissue(slug: string, role: Role, id: string): Promise<IssuedCode> {
    const { edition, person } = await this.person(slug, role, id);
    await this.store.identity.revokeCodes(role, id);
    return this.issue(edition, person, await this.firstSessionFor(person));
  }

  private async person(slug: string, role: Role, id: string): Promise<{ edition: Edition; person: Person }> {
    const edition = await editionOf(this.store.program, slug);
    const person = (await this.store.identity.getPrincipal(role, id)) as Person | null;
    if (!person || person.editionId !== edition.id) throw new AppError('NOT_FOUND', `${role} not found`);
    return { edition, person };
  }

  private async issue(edition: Edition, person: Person, session: Session | null): Promise<IssuedCode> {
    const code = generateCode();
    await this.store.identity.putCode({
      hash: hashCode(this.codeKey, code),
      role: person.role,
      principalId: person.id,
      editionId: edition.id,
      revoked: false,
    });
    const formatted = formatCode(code);
    const base = `${this.links.publicUrl}/e/${edition.slug}`;
    const page =
      person.role === 'participant' || !session
        ? base
        : `${base}/${person.role === 'moderator' ? 'moderate' : 'projector'}/${session.id}`;
    return {
      role: person.role,
      id: person.id,
      name: person.name,
      email: person.role === 'participant' ? person.email : null,
      code: formatted,
      link: `${page}?code=${formatted}`,
    };
  }

  /** The page a moderator's or screen's link opens: their first session (of their room, for a screen). */
  private async firstSessionFor(person: Person): Promise<Session | null> {
    if (person.role === 'participant') return null;
    const sessions = await this.store.program.listSessions(person.editionId);
    const theirs = sessions.filter((s) =>
      person.role === 'moderator'
        ? !person.sessionIds || person.sessionIds.includes(s.id)
        : s.room === person.room,
    );
    return theirs[0] ?? null;
  }

  // --- moderators ---

  async moderators(slug: string) {
    const edition = await editionOf(this.store.program, slug);
    const [list, coded] = await Promise.all([
      this.store.organizer.listPrincipals('moderator', edition.id),
      this.store.organizer.withActiveCode('moderator', edition.id),
    ]);
    return list.map((m) => ({ id: m.id, name: m.name, sessionIds: m.sessionIds, hasCode: coded.has(m.id) }));
  }

  private async checkSessions(edition: Edition, sessionIds: string[] | null): Promise<void> {
    if (!sessionIds) return;
    const ids = new Set((await this.store.program.listSessions(edition.id)).map((s) => s.id));
    const unknown = sessionIds.filter((id) => !ids.has(id));
    if (unknown.length > 0) throw new AppError('NOT_FOUND', 'session not found', { ids: unknown });
  }

  /** Names a moderator and issues their code. */
  async createModerator(slug: string, input: { name: string; sessionIds: string[] | null }) {
    const edition = await editionOf(this.store.program, slug);
    await this.checkSessions(edition, input.sessionIds);
    const moderator: ModeratorRecord = { id: newId(), editionId: edition.id, ...input };
    await this.store.identity.putModerator(moderator);
    const person: Person = { role: 'moderator', ...moderator };
    return { id: moderator.id, code: await this.issue(edition, person, await this.firstSessionFor(person)) };
  }

  async updateModerator(slug: string, id: string, patch: { name?: string; sessionIds?: string[] | null }) {
    const { edition, person } = await this.person(slug, 'moderator', id);
    if (patch.sessionIds !== undefined) await this.checkSessions(edition, patch.sessionIds);
    const { role: _role, ...current } = person as { role: 'moderator' } & ModeratorRecord;
    const next: ModeratorRecord = { ...current, ...patch };
    await this.store.identity.putModerator(next);
    const coded = await this.store.organizer.withActiveCode('moderator', edition.id);
    return { id, name: next.name, sessionIds: next.sessionIds, hasCode: coded.has(id) };
  }

  // --- projector screens ---

  async screens(slug: string) {
    const edition = await editionOf(this.store.program, slug);
    const [list, coded] = await Promise.all([
      this.store.organizer.listPrincipals('projector', edition.id),
      this.store.organizer.withActiveCode('projector', edition.id),
    ]);
    return list.map((s) => ({ id: s.id, name: s.name, room: s.room, hasCode: coded.has(s.id) }));
  }

  /** Adds the screen of a room (one per room) and issues its code. */
  async createScreen(slug: string, input: { room: string; name?: string | undefined }) {
    const edition = await editionOf(this.store.program, slug);
    const existing = await this.store.organizer.listPrincipals('projector', edition.id);
    if (existing.some((s) => s.room.toLowerCase() === input.room.toLowerCase())) {
      throw new AppError('CONFLICT', 'this room already has a screen: reissue its code instead');
    }
    const screen: ScreenRecord = {
      id: newId(),
      editionId: edition.id,
      name: input.name ?? `Écran ${input.room}`,
      room: input.room,
    };
    await this.store.identity.putScreen(screen);
    const person: Person = { role: 'projector', ...screen };
    return { id: screen.id, code: await this.issue(edition, person, await this.firstSessionFor(person)) };
  }
}
