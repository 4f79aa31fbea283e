import {
  AppError,
  localDateTime,
  type EditionReport,
  type ExportQuestion,
  type Participation,
  type ReportQuestion,
  type Session,
  type SessionReport,
} from '@agora/shared';
import type { Clock } from '../clock.ts';
import type { QuestionRecord } from '../questions/questions.store.ts';
import { writeCsv } from './csv.ts';
import { editionOf, type ConsoleStore } from './organizer.deps.ts';

/** Who is connected to a session now (the transport's presence port, structurally). */
export interface ConnectedCounter {
  connected(sessionId: string): Promise<{ onsite: number; remote: number }>;
}

export type ExportTable = 'questions' | 'polls' | 'words' | 'participation';

const zero = (): Participation => ({
  questions: 0,
  questionsOnsite: 0,
  questionsRemote: 0,
  askers: 0,
  upvotes: 0,
  polls: 0,
  ballots: 0,
  ballotsOnsite: 0,
  ballotsRemote: 0,
  clouds: 0,
  cloudParticipants: 0,
});

export function exportQuestion(q: QuestionRecord): ExportQuestion {
  return {
    id: q.id,
    sessionId: q.sessionId,
    text: q.text,
    author: q.anonymous || !q.authorName ? null : q.authorName,
    authorMode: q.authorMode,
    votes: q.votes,
    status: q.status,
    starred: q.starred,
    mergedInto: q.mergedInto,
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
  };
}

/**
 * A session's questions numbered in the order they were asked (1 = first), each merged one naming
 * the number and text of the question it went into.
 */
export function numberQuestions(questions: readonly QuestionRecord[]): ReportQuestion[] {
  const asked = [...questions].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const numberOf = new Map(asked.map((q, i) => [q.id, i + 1]));
  const byId = new Map(asked.map((q) => [q.id, q]));
  return asked.map((q) => {
    const target = q.mergedInto === null ? undefined : byId.get(q.mergedInto);
    return {
      ...exportQuestion(q),
      number: numberOf.get(q.id) ?? 0,
      mergedIntoNumber: target ? (numberOf.get(target.id) ?? null) : null,
      mergedIntoText: target?.text ?? null,
    };
  });
}

const STATUS_FR: Record<ExportQuestion['status'], string> = {
  pending: 'en attente',
  approved: 'approuvée',
  answered: 'répondue',
  rejected: 'rejetée',
  merged: 'fusionnée',
};

/** The live overview and the exports (JSON and CSV). Organizer only (the routes check). */
export class ReportsService {
  constructor(
    private readonly store: ConsoleStore,
    private readonly presence: ConnectedCounter,
    private readonly clock: Clock,
  ) {}

  /** Per session: participants connected (on site / remote), questions waiting, polls and clouds open. */
  async overview(slug: string) {
    const edition = await editionOf(this.store.program, slug);
    const sessions = await this.store.program.listSessions(edition.id);
    return {
      at: this.clock.now(),
      sessions: await Promise.all(
        sessions.map(async (s) => {
          const [live, { polls, clouds }, connected] = await Promise.all([
            this.store.questions.getLive(s.id),
            this.store.interactions.listInteractions(s.id),
            this.presence.connected(s.id),
          ]);
          const active = [
            ...polls.map((p) => ({ kind: 'poll' as const, id: p.id, title: p.question, status: p.status })),
            ...clouds.map((c) => ({ kind: 'cloud' as const, id: c.id, title: c.prompt, status: c.status })),
          ].filter((i) => i.status === 'open' || i.status === 'closing');
          return {
            sessionId: s.id,
            title: s.title,
            room: s.room,
            kind: s.kind,
            startsAt: s.startsAt,
            endsAt: s.endsAt,
            connected,
            pendingQuestions: live.pending,
            active,
          };
        }),
      ),
    };
  }

  async sessionReport(session: Session): Promise<SessionReport> {
    const edition = await this.store.program.getEdition(session.editionId);
    if (!edition) throw new AppError('NOT_FOUND', 'edition not found');
    return (await this.build(session, edition.timeZone)).report;
  }

  /** A session's report, and who asked (ids stay out of reports; the edition counts distinct askers). */
  private async build(
    session: Session,
    timeZone: string,
  ): Promise<{ report: SessionReport; askers: Set<string> }> {
    const [questions, { polls, clouds }] = await Promise.all([
      this.store.questions.listQuestions(session.id),
      this.store.interactions.listInteractions(session.id),
    ]);
    const p = zero();
    const askers = new Set<string>();
    for (const q of questions) {
      if (q.status === 'merged') continue;
      p.questions += 1;
      if (q.authorMode === 'onsite') p.questionsOnsite += 1;
      else p.questionsRemote += 1;
      askers.add(q.authorId);
      p.upvotes += q.votes;
    }
    // Questions merged into another count in the target's author set as well.
    for (const q of questions) if (q.status === 'merged') askers.add(q.authorId);
    p.askers = askers.size;
    const pollReports = await Promise.all(
      polls
        .filter((poll) => poll.status !== 'draft')
        .map(async (poll) => ({ poll, results: await this.store.interactions.pollResults(poll.id) })),
    );
    for (const { results } of pollReports) {
      p.polls += 1;
      p.ballots += results?.all.ballots ?? 0;
      p.ballotsOnsite += results?.onsite.ballots ?? 0;
      p.ballotsRemote += results?.remote.ballots ?? 0;
    }
    const cloudReports = await Promise.all(
      clouds
        .filter((cloud) => cloud.status !== 'draft')
        .map(async (cloud) => {
          const results = await this.store.interactions.cloudResults(cloud.id);
          p.clouds += 1;
          p.cloudParticipants += results?.participants ?? 0;
          // Words a moderator hid (or the blocked list held back) stay out of the report.
          const words = (results?.words ?? [])
            .filter((w) => !w.hidden)
            .map(({ key, text, count, onsite, remote }) => ({ key, text, count, onsite, remote }));
          return { cloud, words };
        }),
    );
    return {
      askers,
      report: {
        session,
        timeZone,
        questions: numberQuestions(questions),
        polls: pollReports,
        clouds: cloudReports,
        participation: p,
      },
    };
  }

  async sessionReportOf(slug: string, sessionId: string): Promise<SessionReport> {
    const edition = await editionOf(this.store.program, slug);
    const session = await this.store.program.getSession(sessionId);
    if (!session || session.editionId !== edition.id) throw new AppError('NOT_FOUND', 'session not found');
    return this.sessionReport(session);
  }

  async editionReport(slug: string): Promise<EditionReport> {
    const edition = await editionOf(this.store.program, slug);
    const built = await Promise.all(
      (await this.store.program.listSessions(edition.id)).map((s) => this.build(s, edition.timeZone)),
    );
    const sessions = built.map((b) => b.report);
    const total = zero();
    for (const s of sessions) {
      for (const key of Object.keys(total) as (keyof Participation)[]) total[key] += s.participation[key];
    }
    // Distinct askers over the edition, not the sum of each session's.
    total.askers = new Set(built.flatMap((b) => [...b.askers])).size;
    return { edition, generatedAt: this.clock.now(), participation: total, sessions };
  }

  /**
   * One table of a report as CSV for French spreadsheets (UTF-8 BOM, `;`). Times are the wall
   * clock of the edition's time zone, named in the column header (`posée à (Europe/Paris)`).
   */
  csv(sessions: SessionReport[], table: ExportTable): string {
    // Every session of a report belongs to one edition, hence one zone.
    const zone = sessions[0]?.timeZone ?? 'UTC';
    const at = (t: number | null) => (t === null ? '' : localDateTime(t, zone));
    switch (table) {
      case 'questions':
        return writeCsv(
          [
            'séance',
            'n°',
            'question',
            'auteur',
            'présence',
            'votes',
            'statut',
            'favori',
            'fusionnée dans (n°)',
            'fusionnée dans (texte)',
            `posée à (${zone})`,
            `modifiée à (${zone})`,
          ],
          sessions.flatMap((s) =>
            s.questions.map((q) => [
              s.session.title,
              q.number,
              q.text,
              q.author ?? 'anonyme',
              q.authorMode === 'onsite' ? 'présentiel' : 'distanciel',
              q.votes,
              STATUS_FR[q.status],
              q.starred ? 'oui' : 'non',
              q.mergedIntoNumber ?? '',
              q.mergedIntoText ?? '',
              at(q.createdAt),
              at(q.updatedAt),
            ]),
          ),
        );
      case 'polls':
        return writeCsv(
          [
            'séance',
            'sondage',
            'réponse',
            'total',
            'présentiel',
            'distanciel',
            'votants',
            'votants présentiel',
            'votants distanciel',
          ],
          sessions.flatMap((s) =>
            s.polls.flatMap(({ poll, results }) =>
              poll.options.map((o) => [
                s.session.title,
                poll.question,
                o.label,
                results?.all.counts[o.id] ?? 0,
                results?.onsite.counts[o.id] ?? 0,
                results?.remote.counts[o.id] ?? 0,
                results?.all.ballots ?? 0,
                results?.onsite.ballots ?? 0,
                results?.remote.ballots ?? 0,
              ]),
            ),
          ),
        );
      case 'words':
        return writeCsv(
          ['séance', 'nuage', 'mot', 'total', 'présentiel', 'distanciel'],
          sessions.flatMap((s) =>
            s.clouds.flatMap(({ cloud, words }) =>
              words.map((w) => [s.session.title, cloud.prompt, w.text, w.count, w.onsite, w.remote]),
            ),
          ),
        );
      case 'participation':
        return writeCsv(
          [
            'séance',
            `début (${zone})`,
            'questions',
            'questions présentiel',
            'questions distanciel',
            'personnes ayant posé une question',
            'votes de soutien',
            'sondages',
            'votes aux sondages',
            'votes présentiel',
            'votes distanciel',
            'nuages',
            'participants aux nuages',
          ],
          sessions.map((s) => {
            const p = s.participation;
            return [
              s.session.title,
              at(s.session.startsAt),
              p.questions,
              p.questionsOnsite,
              p.questionsRemote,
              p.askers,
              p.upvotes,
              p.polls,
              p.ballots,
              p.ballotsOnsite,
              p.ballotsRemote,
              p.clouds,
              p.cloudParticipants,
            ];
          }),
        );
    }
  }
}
