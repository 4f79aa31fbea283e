import {
  AppError,
  type MeasuredDelay,
  type ModeratorSnapshot,
  type Session,
  type SessionSnapshot,
} from '@agora/shared';
import type { Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { InteractionsService } from '../interactions/interactions.service.ts';
import type { Presence } from '../presence.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionsService } from '../questions/questions.service.ts';
import type { QuestionStore, SessionLive } from '../questions/questions.store.ts';
import { moderatedSession, sessionFor } from '../session-access.ts';
import { shownQuestions } from '../watch/watch.rules.ts';
import type { WatchStore } from '../watch/watch.store.ts';
import { readLiveState, toLiveState } from './live-session.service.ts';

export interface SessionJoinDeps {
  store: {
    program: ProgramStore;
    questions: Pick<QuestionStore, 'getLive'>;
    watch: Pick<WatchStore, 'listScreens'>;
  };
  questions: Pick<QuestionsService, 'audienceQa' | 'moderationQa'>;
  interactions: Pick<InteractionsService, 'audience' | 'moderation'>;
  clock: Clock;
  presence: Presence;
  /** The remote viewers' measured delay, for the moderator's snapshot (the attendance module's). */
  delay: { figures(sessionId: string): Promise<MeasuredDelay> };
}

/**
 * Follows the session's rooms (given by the transport). Called once the caller is known to be
 * allowed in and before anything is read, so that every change published after the snapshot's
 * reads reaches the caller (see `join`).
 */
export type Follow = () => void;

/**
 * The one join of each role: who may follow a session, and the one snapshot they start from
 * (questions, polls, clouds, their own submissions and the live state, read once).
 */
export class SessionJoinService {
  constructor(private readonly deps: SessionJoinDeps) {}

  /** Any role of the edition: follow the session (participants, projectors, a moderator's projector view). */
  audience(principal: Principal, sessionId: string, follow: Follow = noFollow): Promise<SessionSnapshot> {
    return this.join(
      sessionFor(this.deps.store.program, principal, sessionId),
      follow,
      async (session, live) => {
        const [qa, interactions, state] = await Promise.all([
          this.deps.questions.audienceQa(principal, session.id, live),
          this.deps.interactions.audience(principal, session.id),
          readLiveState(this.deps.store.watch, session, live.screen),
        ]);
        return {
          sessionId: session.id,
          serverNow: this.deps.clock.now(),
          live: state,
          qa,
          interactions,
        };
      },
    );
  }

  /** Moderators of the session: follow it from the console, drafts, hidden results and presence included. */
  moderator(principal: Principal, sessionId: string, follow: Follow = noFollow): Promise<ModeratorSnapshot> {
    return this.join(
      moderatedSession(this.deps.store.program, principal, sessionId),
      follow,
      async (session, live) => {
        const [qa, interactions, connected, screens, measuredDelay] = await Promise.all([
          this.deps.questions.moderationQa(session.id, live),
          this.deps.interactions.moderation(session.id),
          this.deps.presence.connected(session.id),
          this.deps.store.watch.listScreens(session.id),
          this.deps.delay.figures(session.id),
        ]);
        const shown = shownQuestions(screens);
        return {
          sessionId: session.id,
          serverNow: this.deps.clock.now(),
          live: toLiveState(session, live.screen, shown),
          qa,
          interactions,
          connected,
          measuredDelay,
          shownQuestions: shown,
        };
      },
    );
  }

  /**
   * Authorises, follows the rooms, then reads. In that order: a change whose publication the
   * caller's socket misses (published before it followed) was durable before the reads began, so
   * the snapshot holds it; every later one reaches the socket, possibly before the snapshot itself,
   * and the client applies what it received after sending the join on top of the snapshot. So the
   * session is read again once followed (its policy and delay are the live state's), with the
   * sequence and the screen. A refused caller follows nothing. A caller let in keeps following
   * even if a read fails (the store is unavailable): it may, and a client resyncing after a gap
   * must not lose the events it was getting.
   */
  private async join<S>(
    authorised: Promise<Session>,
    follow: Follow,
    read: (session: Session, live: SessionLive) => Promise<S>,
  ): Promise<S> {
    const { id } = await authorised;
    follow();
    const [session, live] = await Promise.all([
      this.deps.store.program.getSession(id),
      this.deps.store.questions.getLive(id),
    ]);
    if (!session) throw new AppError('NOT_FOUND', 'session not found');
    return read(session, live);
  }
}

const noFollow: Follow = () => undefined;
