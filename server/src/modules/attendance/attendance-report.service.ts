import {
  AppError,
  localDateTime,
  type AttendanceReport,
  type AttendanceSettings,
  type Edition,
  type MyAttendance,
  type Session,
  type SessionMinutes,
} from '@agora/shared';
import type { Clock } from '../clock.ts';
import type { IdentityStore } from '../identity/identity.store.ts';
import type { Principal } from '../identity/principal.ts';
import type { OrganizerStore } from '../organizer/organizer.store.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { writeCsv } from '../organizer/csv.ts';
import { attendanceOf, isProvisional, lengthMinutes } from './attendance.rules.ts';
import type { AttendanceRecord, AttendanceStore } from './attendance.store.ts';
import { renderCertificates, type CertificatePage } from './certificates.ts';

export interface AttendanceReportDeps {
  store: {
    program: ProgramStore;
    identity: Pick<IdentityStore, 'getPrincipal'>;
    attendance: AttendanceStore;
    organizer: OrganizerStore;
  };
  clock: Clock;
}

type Minutes = SessionMinutes;

/**
 * The organizer's attendance report (JSON, CSV), the certificate settings, and certificates: a
 * participant's own, or every one of an edition. Reads only; the settings' write is the organizer's.
 */
export class AttendanceReportService {
  constructor(private readonly deps: AttendanceReportDeps) {}

  private async edition(slug: string): Promise<Edition> {
    const edition = await this.deps.store.program.getEditionBySlug(slug);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    return edition;
  }

  /** Per person, their sessions' minutes (sessions of the programme only, in programme order). */
  private async minutesByPerson(edition: Edition, sessions: Session[], participantId?: string) {
    const records =
      participantId === undefined
        ? await this.deps.store.attendance.listEdition(edition.id)
        : await this.deps.store.attendance.listPerson(edition.id, participantId);
    const byPerson = new Map<string, AttendanceRecord[]>();
    for (const r of records) byPerson.set(r.participantId, [...(byPerson.get(r.participantId) ?? []), r]);
    return new Map([...byPerson].map(([id, list]) => [id, attendanceOf(sessions, list)]));
  }

  /** Organizer: the edition's attendance per session and per registrant (registrants with none too). */
  async report(slug: string): Promise<AttendanceReport> {
    const edition = await this.edition(slug);
    const sessions = await this.deps.store.program.listSessions(edition.id);
    const minutes = await this.minutesByPerson(edition, sessions);
    const registrants = await this.deps.store.organizer.listPrincipals('participant', edition.id);
    const sum = (list: Minutes[], key: 'liveMinutes' | 'replayMinutes') =>
      list.reduce((n, m) => n + m[key], 0);
    const all = [...minutes.values()].flat();
    return {
      edition: { slug: edition.slug, name: edition.name, timeZone: edition.timeZone },
      sessions: sessions.map((s) => {
        const of = all.filter((m) => m.sessionId === s.id);
        return {
          sessionId: s.id,
          title: s.title,
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          lengthMinutes: lengthMinutes(s),
          liveAttendees: of.filter((m) => m.liveMinutes > 0).length,
          replayViewers: of.filter((m) => m.replayMinutes > 0).length,
          liveMinutes: sum(of, 'liveMinutes'),
          replayMinutes: sum(of, 'replayMinutes'),
        };
      }),
      people: registrants.map((p) => {
        const list = minutes.get(p.id) ?? [];
        return {
          participantId: p.id,
          name: p.name,
          email: p.email,
          organisation: p.organisation,
          attendance: p.attendance,
          sessions: list,
          liveMinutes: sum(list, 'liveMinutes'),
          replayMinutes: sum(list, 'replayMinutes'),
        };
      }),
    };
  }

  /** The report as a CSV for French spreadsheets: one row per session, or per person and session. */
  csv(report: AttendanceReport, table: 'sessions' | 'people'): string {
    const zone = report.edition.timeZone;
    if (table === 'sessions') {
      return writeCsv(
        [
          'Session',
          'Début',
          'Fin',
          'Durée (min)',
          'Présents en direct',
          'Spectateurs du replay',
          'Minutes en direct',
          'Minutes en replay',
        ],
        report.sessions.map((s) => [
          s.title,
          localDateTime(s.startsAt, zone),
          localDateTime(s.endsAt, zone),
          s.lengthMinutes,
          s.liveAttendees,
          s.replayViewers,
          s.liveMinutes,
          s.replayMinutes,
        ]),
      );
    }
    const titles = new Map(report.sessions.map((s) => [s.sessionId, s]));
    return writeCsv(
      [
        'Nom',
        'Email',
        'Organisme',
        'Participation',
        'Session',
        'Début',
        'Minutes en direct',
        'Minutes en replay',
      ],
      report.people.flatMap((p) => {
        const who = [p.name, p.email, p.organisation, p.attendance === 'onsite' ? 'sur place' : 'à distance'];
        if (p.sessions.length === 0) return [[...who, '', '', 0, 0]];
        return p.sessions.map((m) => {
          const s = titles.get(m.sessionId);
          return [
            ...who,
            s?.title ?? '',
            s ? localDateTime(s.startsAt, zone) : '',
            m.liveMinutes,
            m.replayMinutes,
          ];
        });
      }),
    );
  }

  /** Participants: their own attendance in their edition. */
  async mine(principal: Principal, slug: string): Promise<MyAttendance> {
    const edition = await this.ownEdition(principal, slug);
    const sessions = await this.deps.store.program.listSessions(edition.id);
    const byId = new Map(sessions.map((s) => [s.id, s]));
    const list = (await this.minutesByPerson(edition, sessions, principal.id)).get(principal.id) ?? [];
    return {
      sessions: list.map((m) => {
        const s = byId.get(m.sessionId)!;
        return { ...m, title: s.title, startsAt: s.startsAt, endsAt: s.endsAt };
      }),
      provisional: isProvisional(edition, this.deps.clock.now()),
    };
  }

  private async ownEdition(principal: Principal, slug: string): Promise<Edition> {
    if (principal.role !== 'participant') throw new AppError('FORBIDDEN', 'participants only');
    const edition = await this.edition(slug);
    if (edition.id !== principal.editionId) throw new AppError('FORBIDDEN', 'not your edition');
    return edition;
  }

  async settings(slug: string): Promise<AttendanceSettings> {
    return this.deps.store.attendance.getSettings((await this.edition(slug)).id);
  }

  /** Organizer: the certificates' organizer name, wording and signatory. */
  async setSettings(slug: string, settings: AttendanceSettings): Promise<AttendanceSettings> {
    const edition = await this.edition(slug);
    await this.deps.store.attendance.putSettings(edition.id, settings);
    return this.deps.store.attendance.getSettings(edition.id);
  }

  private async render(edition: Edition, pages: CertificatePage[]): Promise<Buffer> {
    const settings = await this.deps.store.attendance.getSettings(edition.id);
    const now = this.deps.clock.now();
    return renderCertificates(
      {
        editionName: edition.name,
        organizerName: settings.organizerName,
        venue: edition.venue,
        timeZone: edition.timeZone,
        wording: settings.wording,
        signatory: settings.signatory,
        provisional: isProvisional(edition, now),
        issuedAt: now,
      },
      pages,
    );
  }

  /** Participants: their own certificate, at any time (« provisoire » until the edition ends). */
  async myCertificate(principal: Principal, slug: string): Promise<Buffer> {
    const edition = await this.ownEdition(principal, slug);
    const mine = await this.mine(principal, slug);
    const record = await this.deps.store.identity.getPrincipal('participant', principal.id);
    return this.render(edition, [
      {
        name: principal.name,
        organisation: record?.role === 'participant' ? record.organisation : '',
        lines: mine.sessions,
      },
    ]);
  }

  /** Organizer: every certificate of the edition, one page per registrant who attended a minute. */
  async certificates(slug: string): Promise<Buffer> {
    const edition = await this.edition(slug);
    const report = await this.report(slug);
    const sessions = new Map(report.sessions.map((s) => [s.sessionId, s]));
    const pages = report.people
      .filter((p) => p.sessions.length > 0)
      .map((p) => ({
        name: p.name,
        organisation: p.organisation,
        lines: p.sessions.map((m) => ({
          ...m,
          title: sessions.get(m.sessionId)?.title ?? '',
          startsAt: sessions.get(m.sessionId)?.startsAt ?? 0,
        })),
      }));
    return this.render(edition, pages);
  }
}
