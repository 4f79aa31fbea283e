import { AppError, Role, type RegistrantData } from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import type { Clock } from '../clock.ts';
import { rooms } from '../rooms.ts';
import { replayEndsAt } from '../identity/access-window.ts';
import { editionOf, type ConsoleStore } from './organizer.deps.ts';
import { exportQuestion } from './reports.service.ts';
import { attendanceOf } from '../attendance/attendance.rules.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

// The same instant ends participants' tokens (identity); the rule lives there.
export { replayEndsAt };

/**
 * A registrant's data on request (access, erasure), the go-live wipe of a rehearsal, and the purge
 * of personal data when an edition's replay window ends. Organizer only, except `purgeExpired`
 * (the daily job).
 */
export class PrivacyService {
  constructor(
    private readonly store: ConsoleStore,
    private readonly clock: Clock,
    private readonly bus: Pick<Broadcaster, 'publish'>,
  ) {}

  /** Tells the session's clients to drop what they hold and fetch fresh snapshots. */
  private publishReset(sessionId: string): void {
    this.bus.publish(rooms.audience(sessionId), 'session:reset', { sessionId });
    this.bus.publish(rooms.moderation(sessionId), 'session:reset', { sessionId });
  }

  /**
   * Erases a person from every feature that holds their data: their questions in the edition lose
   * their name, the contacts they left to partners and their attendance go, then their record and codes go (NOT_FOUND if they are not of this edition). Not one
   * atomic write but idempotent steps in an order that lets a retry finish the job: the record,
   * which answers NOT_FOUND, is removed last, so an erasure interrupted after the questions is found
   * again and completed. Ballots and words keep only the id, which names no one once the record is gone.
   */
  private async erase(
    role: Role,
    editionId: string,
    id: string,
  ): Promise<{ questions: number; codes: number }> {
    const questions = await this.store.questions.anonymiseAuthor(editionId, id);
    if (role === 'participant') {
      await this.store.content.eraseContacts(editionId, id);
      await this.store.attendance.erase(editionId, id);
    }
    const codes = await this.store.identity.erasePrincipal(role, editionId, id);
    return { questions, codes };
  }

  /** Everything stored about a registrant: their record, codes (counts), questions, ballots and words. */
  async exportRegistrant(slug: string, id: string): Promise<RegistrantData> {
    const edition = await editionOf(this.store.program, slug);
    const record = await this.store.identity.getPrincipal('participant', id);
    if (!record || record.role !== 'participant' || record.editionId !== edition.id) {
      throw new AppError('NOT_FOUND', 'registrant not found');
    }
    const sessions = await this.store.program.listSessions(edition.id);
    const questions = [];
    const ballots = [];
    const words = [];
    for (const s of sessions) {
      const [qs, bs, ws] = await Promise.all([
        this.store.questions.listQuestions(s.id),
        this.store.interactions.listMyBallots(s.id, id),
        this.store.interactions.listMyWords(s.id, id),
      ]);
      questions.push(
        ...qs
          .filter((q) => q.authorId === id)
          .map((q) => ({ ...exportQuestion(q), author: q.authorName || null, anonymous: q.anonymous })),
      );
      ballots.push(...bs.map((b) => ({ sessionId: s.id, pollId: b.pollId, choices: b.choices })));
      words.push(...ws.map((w) => ({ sessionId: s.id, cloudId: w.cloudId, text: w.text })));
    }
    return {
      registrant: {
        id: record.id,
        name: record.name,
        email: record.email,
        organisation: record.organisation,
        attendance: record.attendance,
      },
      edition: { slug: edition.slug, name: edition.name },
      codes: await this.store.organizer.codeCounts('participant', id),
      questions,
      ballots,
      words,
      partnerContacts: await this.partnerContacts(edition.id, id),
      attendance: attendanceOf(sessions, await this.store.attendance.listPerson(edition.id, id)),
      exportedAt: this.clock.now(),
    };
  }

  /** The contacts a registrant left to partners (the partner's name, their message, when). */
  private async partnerContacts(editionId: string, id: string): Promise<RegistrantData['partnerContacts']> {
    const out: RegistrantData['partnerContacts'] = [];
    for (const partnerId of await this.store.content.listMyContacts(editionId, id)) {
      const partner = await this.store.content.getPartner(partnerId);
      const contact = (await this.store.content.listContacts(partnerId)).find((c) => c.participantId === id);
      if (partner && contact) out.push({ partner: partner.name, message: contact.message, at: contact.at });
    }
    return out;
  }

  /**
   * Erases a registrant: record deleted (name, email, organisation), codes revoked (their open
   * sessions end at their next call), questions anonymised. Ballots and words stay in the tallies,
   * tied to an id that no longer names anyone. `session:reset` goes to every session where a question
   * was anonymised, so no screen keeps showing the name.
   */
  async eraseRegistrant(
    slug: string,
    id: string,
  ): Promise<{ questionsAnonymised: number; codesRevoked: number }> {
    const edition = await editionOf(this.store.program, slug);
    const { questions, codes } = await this.erase('participant', edition.id, id);
    if (questions > 0) {
      // Read after the erasure (the author id stays on the anonymised questions): none is missed.
      for (const s of await this.store.program.listSessions(edition.id)) {
        if ((await this.store.questions.listQuestions(s.id)).some((q) => q.authorId === id))
          this.publishReset(s.id);
      }
    }
    return { questionsAnonymised: questions, codesRevoked: codes };
  }

  /**
   * Ends a rehearsal: with the slug typed again as confirmation, wipes the edition's questions and
   * upvotes, resets its polls and word clouds to the drafts that were prepared (ballots and words
   * deleted), clears the screens and their history and turns rehearsal mode off; the programme, registrants, moderators
   * and screens stay. Then `session:reset` to every session's audience and moderation rooms.
   */
  async goLive(slug: string, confirm: string) {
    const edition = await editionOf(this.store.program, slug);
    if (confirm !== edition.slug) {
      throw new AppError('INVALID_PAYLOAD', 'type the edition’s slug to confirm', {
        code: 'CONFIRMATION_MISMATCH',
      });
    }
    // Each wipe is atomic (the interactions' per session) and idempotent, and rehearsal mode is
    // turned off last: a go-live interrupted half-way is finished by confirming it again.
    const questionsWiped = await this.store.questions.wipeQuestions(edition.id);
    const interactionsWiped = await this.store.interactions.wipeInteractions(edition.id);
    const sessions = await this.store.program.listSessions(edition.id);
    // What the rehearsal put on screen would open the replays' timelines: forgotten too.
    for (const s of sessions) await this.store.watch.clearScreens(s.id);
    const settings = await this.store.organizer.getSettings(edition.id);
    await this.store.organizer.putSettings(edition.id, { ...settings, rehearsal: false });
    for (const s of sessions) this.publishReset(s.id);
    return { questionsWiped, interactionsWiped, rehearsal: false as const };
  }

  /**
   * The daily job: for every edition whose replay window has ended, erases every registrant,
   * moderator and screen (codes revoked, questions anonymised) and records when (the first time).
   * Aggregates (question texts and votes, poll tallies, word counts) stay. Every run looks again, so
   * an interrupted purge resumes and people added after it (a late import) go at the next run;
   * returns the editions where it erased someone or purged for the first time.
   */
  async purgeExpired(): Promise<string[]> {
    const now = this.clock.now();
    const purged: string[] = [];
    for (const edition of await this.store.organizer.listEditions()) {
      if (now < replayEndsAt(edition)) continue;
      const settings = await this.store.organizer.getSettings(edition.id);
      let erased = 0;
      for (const role of Role.options) {
        for (const p of await this.store.organizer.listPrincipals(role, edition.id)) {
          await this.erase(role, edition.id, p.id);
          erased += 1;
        }
      }
      if (settings.purgedAt === null)
        await this.store.organizer.putSettings(edition.id, { ...settings, purgedAt: now });
      else if (erased === 0) continue;
      purged.push(edition.slug);
    }
    return purged;
  }
}

/** Runs the purge now and then once a day; returns the function that stops it. */
export function startPurgeJob(
  privacy: PrivacyService,
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void },
  everyMs = DAY_MS,
): () => void {
  const run = () => {
    privacy.purgeExpired().then(
      (slugs) => {
        if (slugs.length > 0) log.info({ editions: slugs }, 'personal data purged: replay window ended');
      },
      (error: unknown) => log.error({ err: error }, 'personal data purge failed'),
    );
  };
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
