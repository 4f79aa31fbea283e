import {
  AppError,
  defaultPolicy,
  type Edition,
  type EditionInput,
  type EditionPatch,
  type ImportReport,
  type OrganizerEdition,
  type Session,
  type SessionInput,
  type SessionPatch,
} from '@agora/shared';
import { newId } from '../clock.ts';
import { addMonths, minutesOf, zonedEpoch } from '@agora/shared';
import { editionOf, type ConsoleStore, type Links } from './organizer.deps.ts';
import { checkEditionDates } from './organizer.rules.ts';
import { readProgrammeCsv, readProgrammeJson, type ProgrammeLine } from './programme-rows.ts';

/** The replay window ends 9 months after the event unless the organizer says otherwise. */
const REPLAY_MONTHS = 9;

/** Editions and their programme, as the organizer prepares them. Organizer only (the routes check). */
export class ProgrammeAdminService {
  constructor(
    private readonly store: ConsoleStore,
    private readonly links: Links,
  ) {}

  private async view(edition: Edition): Promise<OrganizerEdition> {
    const [settings, sessions, registrants, moderators, screens] = await Promise.all([
      this.store.organizer.getSettings(edition.id),
      this.store.program.listSessions(edition.id),
      this.store.organizer.listPrincipals('participant', edition.id),
      this.store.organizer.listPrincipals('moderator', edition.id),
      this.store.organizer.listPrincipals('projector', edition.id),
    ]);
    return {
      ...edition,
      rehearsal: settings.rehearsal,
      purgedAt: settings.purgedAt,
      joinUrl: `${this.links.publicUrl}/e/${edition.slug}`,
      counts: {
        sessions: sessions.length,
        registrants: registrants.length,
        moderators: moderators.length,
        screens: screens.length,
      },
    };
  }

  async list(): Promise<OrganizerEdition[]> {
    return Promise.all((await this.store.organizer.listEditions()).map((e) => this.view(e)));
  }

  async get(slug: string): Promise<OrganizerEdition> {
    return this.view(await editionOf(this.store.program, slug));
  }

  /** Creates an edition; CONFLICT if the slug is taken (the store's refusal, program.rules.ts). */
  async create(input: EditionInput): Promise<OrganizerEdition> {
    const { rehearsal, replayUntil, ...fields } = input;
    const edition: Edition = {
      id: newId(),
      ...fields,
      replayUntil: replayUntil ?? addMonths(input.endDate, REPLAY_MONTHS),
    };
    checkEditionDates(edition);
    await this.store.program.putEdition(edition);
    if (rehearsal) await this.store.organizer.putSettings(edition.id, { rehearsal, purgedAt: null });
    return this.view(edition);
  }

  /**
   * Changes an edition; a new slug must be free, CONFLICT otherwise (the store's refusal,
   * program.rules.ts). The old join links stop working.
   */
  async update(slug: string, patch: EditionPatch): Promise<OrganizerEdition> {
    const current = await editionOf(this.store.program, slug);
    const { rehearsal, ...fields } = patch;
    const next: Edition = { ...current, ...fields };
    checkEditionDates(next);
    await this.store.program.putEdition(next);
    if (rehearsal !== undefined) {
      const settings = await this.store.organizer.getSettings(current.id);
      await this.store.organizer.putSettings(current.id, { ...settings, rehearsal });
    }
    return this.view(next);
  }

  async sessions(slug: string): Promise<Session[]> {
    return this.store.program.listSessions((await editionOf(this.store.program, slug)).id);
  }

  /** Adds a session; its policy defaults from its kind. */
  async createSession(slug: string, input: SessionInput): Promise<Session> {
    const edition = await editionOf(this.store.program, slug);
    const session: Session = {
      id: newId(),
      editionId: edition.id,
      ...input,
      policy: input.policy ?? defaultPolicy(input.kind),
    };
    await this.store.program.putSession(session);
    return session;
  }

  /** A session of this edition, or NOT_FOUND. */
  async session(slug: string, sessionId: string): Promise<Session> {
    const edition = await editionOf(this.store.program, slug);
    const session = await this.store.program.getSession(sessionId);
    if (!session || session.editionId !== edition.id) throw new AppError('NOT_FOUND', 'session not found');
    return session;
  }

  async updateSession(slug: string, sessionId: string, patch: SessionPatch): Promise<Session> {
    const current = await this.session(slug, sessionId);
    const next: Session = { ...current, ...patch };
    if (next.endsAt < next.startsAt)
      throw new AppError('INVALID_PAYLOAD', 'the session ends before it starts');
    await this.store.program.putSession(next);
    // The policy and the remote delay have their own writes (authoritative fields in the Redis store).
    if (patch.policy) await this.store.program.setPolicy(sessionId, patch.policy);
    if (patch.remoteDelaySeconds !== undefined)
      await this.store.program.setRemoteDelay(sessionId, patch.remoteDelaySeconds);
    return next;
  }

  /**
   * Imports a programme (JSON sessions or CSV text). A row with the start time and title
   * (case-insensitive) of an existing session updates it, others are added; bad rows are reported.
   */
  async importProgramme(slug: string, source: { sessions: unknown[] } | string): Promise<ImportReport> {
    const edition = await editionOf(this.store.program, slug);
    const { rows, errors, read } =
      typeof source === 'string' ? readProgrammeCsv(source) : readProgrammeJson(source.sessions);
    const existing = await this.store.program.listSessions(edition.id);
    const keyOf = (startsAt: number, title: string) => `${startsAt} ${title.trim().toLowerCase()}`;
    const byKey = new Map(existing.map((s) => [keyOf(s.startsAt, s.title), s]));
    const report: ImportReport = { rows: read, created: 0, updated: 0, unchanged: 0, errors };
    for (const row of rows) {
      const old = byKey.get(keyOf(this.epoch(edition, row.date, row.start), row.title));
      const session = this.sessionOf(edition, row, old);
      if (old && JSON.stringify(old) === JSON.stringify(session)) {
        report.unchanged += 1;
        continue;
      }
      await this.store.program.putSession(session);
      if (old) {
        await this.store.program.setPolicy(session.id, session.policy);
        await this.store.program.setRemoteDelay(session.id, session.remoteDelaySeconds);
        report.updated += 1;
      } else report.created += 1;
    }
    return report;
  }

  private epoch(edition: Edition, date: string, time: string): number {
    return zonedEpoch(date, minutesOf(time), edition.timeZone);
  }

  private sessionOf(edition: Edition, row: ProgrammeLine, old: Session | undefined): Session {
    const policy = row.policy ?? (old && old.kind === row.kind ? old.policy : defaultPolicy(row.kind));
    return {
      id: old?.id ?? newId(),
      editionId: edition.id,
      title: row.title,
      description: row.description,
      startsAt: this.epoch(edition, row.date, row.start),
      endsAt: this.epoch(edition, row.date, row.end),
      room: row.room,
      kind: row.kind,
      speakers: row.speakers,
      policy,
      remoteDelaySeconds: row.remoteDelaySeconds,
      streamUrl: row.streamUrl,
      replayUrl: row.replayUrl,
    };
  }
}
