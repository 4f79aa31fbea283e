import type { InteractionsSnapshot, ModInteractionsSnapshot } from '@agora/shared';
import type { Clock } from '../clock.ts';
import type { Principal } from '../identity/principal.ts';
import type { Presence } from '../presence.ts';
import type { ProgramStore } from '../program/program.store.ts';
import type { QuestionStore } from '../questions/questions.store.ts';
import { moderatedSession, sessionFor } from '../session-access.ts';
import type { InteractionStore } from './interactions.store.ts';
import { audienceSeesResults, isPublished, toAudienceCloud } from './interactions.view.ts';

export interface InteractionsDeps {
  store: Pick<
    InteractionStore,
    'listInteractions' | 'pollResults' | 'cloudResults' | 'listMyBallots' | 'listMyWords'
  > &
    ProgramStore &
    Pick<QuestionStore, 'getLive'>;
  clock: Clock;
  presence: Presence;
}

/**
 * What a person following a session's polls and word clouds starts from (and resyncs from after a
 * reconnection): the interactions, the results the caller may see, the screen. Reads only; the
 * changes are the polls, word-cloud, lifecycle and live-session services', and the results go out
 * through the fan-out (`results-fanout.ts`).
 */
export class InteractionsService {
  constructor(private readonly deps: InteractionsDeps) {}

  /** Any role of the edition: published polls and clouds, the results the caller may see, their own ballots and words. */
  async snapshot(principal: Principal, sessionId: string): Promise<InteractionsSnapshot> {
    const { store } = this.deps;
    const session = await sessionFor(store, principal, sessionId);
    const { polls, clouds } = await store.listInteractions(sessionId);
    const visiblePolls = polls.filter(isPublished);
    const visibleClouds = clouds.filter(isPublished);
    const pollResults = await Promise.all(
      visiblePolls.filter(audienceSeesResults).map((p) => store.pollResults(p.id)),
    );
    const cloudResults = await Promise.all(
      visibleClouds.filter(audienceSeesResults).map((c) => store.cloudResults(c.id)),
    );
    const isParticipant = principal.role === 'participant';
    return {
      sessionId,
      polls: visiblePolls,
      clouds: visibleClouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null).map(toAudienceCloud),
      screen: (await store.getLive(sessionId)).screen,
      myBallots: isParticipant ? await store.listMyBallots(sessionId, principal.id) : [],
      myWords: isParticipant ? await store.listMyWords(sessionId, principal.id) : [],
      remoteDelaySeconds: session.remoteDelaySeconds,
      serverNow: this.deps.clock.now(),
    };
  }

  /** Moderators of the session: drafts too, every result, every word, and who is connected. */
  async moderationSnapshot(principal: Principal, sessionId: string): Promise<ModInteractionsSnapshot> {
    const { store } = this.deps;
    const session = await moderatedSession(store, principal, sessionId);
    const { polls, clouds } = await store.listInteractions(sessionId);
    const pollResults = await Promise.all(polls.map((p) => store.pollResults(p.id)));
    const cloudResults = await Promise.all(clouds.map((c) => store.cloudResults(c.id)));
    return {
      sessionId,
      polls,
      clouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null),
      screen: (await store.getLive(sessionId)).screen,
      remoteDelaySeconds: session.remoteDelaySeconds,
      serverNow: this.deps.clock.now(),
      connected: await this.deps.presence.connected(sessionId),
    };
  }
}
