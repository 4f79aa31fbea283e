import type { CommandParsedInput, ScreenItem, Session } from '@agora/shared';
import type { Broadcaster } from '../broadcaster.ts';
import type { Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { InteractionStore } from '../interactions/interactions.store.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionChange } from '../questions/questions.store.ts';
import { rooms } from '../rooms.ts';
import { moderatedSession } from '../session-access.ts';

export interface LiveSessionDeps {
  store: Pick<InteractionStore, 'setScreen'> & ProgramStore;
  bus: Broadcaster;
  clock: Clock;
  /** Publishes a Q&A change (the screen moves the Q&A sequence): the questions service's `publishChange`. */
  publishQuestionChange: (change: QuestionChange, force: boolean) => void;
}

/** What a session shows and how it runs live: the projector's screen and the remote stream delay. */
export class LiveSessionService {
  constructor(private readonly deps: LiveSessionDeps) {}

  /**
   * Moderators of the session: put a question, poll or cloud on the projector (one thing at a
   * time), or nothing; `screen:changed` and the Q&A deltas whose sequence it moves go to the
   * audience and moderators.
   */
  async show(
    principal: Principal,
    input: CommandParsedInput<'screen:show'>,
  ): Promise<{ sessionId: string; screen: ScreenItem | null }> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const change = await this.deps.store.setScreen({
      sessionId: input.sessionId,
      item: input.item,
      at: this.deps.clock.now(),
    });
    this.deps.publishQuestionChange(change, true);
    return { sessionId: input.sessionId, screen: change.live.screen };
  }

  /**
   * Moderators of the session: set the remote stream delay (applies from the next close);
   * `session:updated` to every room of it.
   */
  async setDelay(principal: Principal, input: CommandParsedInput<'session:set-delay'>): Promise<Session> {
    await moderatedSession(this.deps.store, principal, input.sessionId);
    const session = await this.deps.store.setRemoteDelay(input.sessionId, input.remoteDelaySeconds);
    this.deps.bus.publish(rooms.audience(session.id), 'session:updated', session);
    this.deps.bus.publish(rooms.moderation(session.id), 'session:updated', session);
    return session;
  }
}
