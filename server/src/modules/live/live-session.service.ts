import {
  AppError,
  type CommandParsedInput,
  type LiveState,
  type ScreenItem,
  type Session,
} from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import type { Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QaFanout } from '../questions/qa-fanout.ts';
import type { QuestionStore } from '../questions/questions.store.ts';
import { rooms } from '../rooms.ts';
import { moderatedSession } from '../session-access.ts';
import { shownQuestions } from '../watch/watch.rules.ts';
import type { WatchStore } from '../watch/watch.store.ts';

export interface LiveSessionDeps {
  store: {
    interactions: Pick<InteractionStore, 'setScreen'>;
    questions: Pick<QuestionStore, 'getLive'>;
    program: ProgramStore;
    watch: Pick<WatchStore, 'recordScreen' | 'listScreens'>;
  };
  bus: Broadcaster;
  clock: Clock;
  /** A screen change moves the session's Q&A sequence: its delta goes out through the Q&A fan-out. */
  qa: QaFanout;
}

/** A session's live state as the wire carries it (`history`: the questions shown, for the history screen). */
export function toLiveState(session: Session, screen: ScreenItem | null, history?: string[]): LiveState {
  return {
    sessionId: session.id,
    screen,
    policy: session.policy,
    remoteDelaySeconds: session.remoteDelaySeconds,
    blackout: session.blackout ?? false,
    ...(screen?.kind === 'history' && history ? { history } : {}),
  };
}

/**
 * The session's live state, read: with the questions shown so far when the screen shows the
 * question history (the screen history is read then only: the other states stay as cheap as ever).
 */
export async function readLiveState(
  watch: Pick<WatchStore, 'listScreens'>,
  session: Session,
  screen: ScreenItem | null,
): Promise<LiveState> {
  const history =
    screen?.kind === 'history' ? shownQuestions(await watch.listScreens(session.id)) : undefined;
  return toLiveState(session, screen, history);
}

/**
 * The one owner of a session's live state: what the projector shows, who may ask, upvote and vote,
 * and the remote stream delay. Every change to it is written durably, then the whole state goes
 * out as `live:state` to the session's audience and moderators (`publish`), and the command that
 * made it is answered with the same state.
 */
export class LiveSessionService {
  /** Per session, the last publication under way: publications of one session go out one after the other. */
  private readonly publishing = new Map<string, Promise<LiveState>>();

  constructor(private readonly deps: LiveSessionDeps) {}

  /**
   * Moderators of the session: put a question (approved if pending), a poll (split or not), a
   * cloud or the session's question history on the projector, one thing at a time, or nothing. The Q&A delta the change makes goes
   * out first, at once when a question goes on screen (the projector must hold the question, as it
   * is now, before `live:state` names it), else with the next delta; then `live:state`. What
   * went on screen, and when, is kept for the replay's timeline.
   */
  async show(principal: Principal, input: CommandParsedInput<'screen:show'>): Promise<LiveState> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    const at = this.deps.clock.now();
    const change = await this.deps.store.interactions.setScreen({
      sessionId: input.sessionId,
      item: input.item,
      at,
    });
    // A question going on screen: the projector must hold it, with its latest votes, first.
    // Published before anything else is awaited: the change took the session's next Q&A number, and
    // a concurrent change published first would reach moderators out of order (a gap, a resync).
    const now = change.changed.length > 0 || input.item?.kind === 'question';
    this.deps.qa.publish(change, { force: true, now });
    // `live:state` goes out at once: the screen change is durable, and the projectors must not wait
    // for a second write (under 200 downloads the extra fsync took the screen change's p99 from
    // under 250 ms to 340 ms). The replay's timeline is recorded meanwhile (a refused change records
    // nothing) and before the ack; a crash between the two writes loses this one entry, never the
    // screen change. The history item's own live state lists questions only: it never waits for it.
    const published = this.publish(input.sessionId);
    if (input.item)
      await this.deps.store.watch.recordScreen({ sessionId: input.sessionId, item: input.item, at });
    return published;
  }

  /** Moderators of the session: change who may ask, upvote and vote; `live:state` to every room of it. */
  async setPolicy(principal: Principal, input: CommandParsedInput<'session:set-policy'>): Promise<LiveState> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    await this.deps.store.program.setPolicy(input.sessionId, input.policy);
    return this.publish(input.sessionId);
  }

  /** Moderators of the session: black out the projectors or bring the screen back; `live:state` to every room of it. */
  async setBlackout(principal: Principal, input: CommandParsedInput<'screen:blackout'>): Promise<LiveState> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    await this.deps.store.program.setBlackout(input.sessionId, input.on);
    return this.publish(input.sessionId);
  }

  /**
   * Moderators of the session: set the remote stream delay (it applies from the next close);
   * `live:state` to every room of it.
   */
  async setDelay(principal: Principal, input: CommandParsedInput<'session:set-delay'>): Promise<LiveState> {
    await moderatedSession(this.deps.store.program, principal, input.sessionId);
    await this.deps.store.program.setRemoteDelay(input.sessionId, input.remoteDelaySeconds);
    return this.publish(input.sessionId);
  }

  /**
   * The measured delay, for a session whose remote window follows it (attendance module): sets the
   * remote delay like `setDelay`, without a moderator; `live:state` to every room of it.
   */
  async followDelay(sessionId: string, remoteDelaySeconds: number): Promise<LiveState> {
    await this.deps.store.program.setRemoteDelay(sessionId, remoteDelaySeconds);
    return this.publish(sessionId);
  }

  /**
   * Reads the session's live state as it is now and sends it whole to its audience and moderators;
   * resolves with what was sent. Called after every durable change of it (here, and by the
   * questions service when answering, rejecting or merging took a question off the screen).
   * Publications of one session are chained: each reads after the previous one was sent, so the
   * last one sent holds the last change, even when two changes' reads would otherwise cross.
   */
  publish(sessionId: string): Promise<LiveState> {
    const previous = this.publishing.get(sessionId);
    const next = (previous ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.readAndPublish(sessionId));
    this.publishing.set(sessionId, next);
    const done = () => {
      if (this.publishing.get(sessionId) === next) this.publishing.delete(sessionId);
    };
    next.then(done, done);
    return next;
  }

  private async readAndPublish(sessionId: string): Promise<LiveState> {
    const [session, live] = await Promise.all([
      this.deps.store.program.getSession(sessionId),
      this.deps.store.questions.getLive(sessionId),
    ]);
    if (!session) throw new AppError('NOT_FOUND', 'session not found');
    const state = await readLiveState(this.deps.store.watch, session, live.screen);
    this.deps.bus.publish(rooms.audience(sessionId), 'live:state', state);
    this.deps.bus.publish(rooms.moderation(sessionId), 'live:state', state);
    return state;
  }
}
