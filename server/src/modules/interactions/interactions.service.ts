import type { AudienceInteractions, ModInteractions } from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { InteractionStore } from './interactions.store.ts';
import { audienceSeesResults, isPublished, toAudienceCloud } from './interactions.view.ts';

export interface InteractionsDeps {
  store: Pick<
    InteractionStore,
    'listInteractions' | 'pollResults' | 'cloudResults' | 'listMyBallots' | 'listMyWords'
  >;
}

/**
 * What a person following a session's polls and word clouds starts from (and resyncs from after a
 * reconnection): the interactions and the results the caller may see. Reads only, for a caller the
 * session join already let in (`live/session-join.service.ts`); the changes are the polls,
 * word-cloud and lifecycle services', and the results go out through the fan-out
 * (`results-fanout.ts`).
 */
export class InteractionsService {
  constructor(private readonly deps: InteractionsDeps) {}

  /** Published polls and clouds, the results the audience may see, a participant's own ballots and words. */
  async audience(principal: Principal, sessionId: string): Promise<AudienceInteractions> {
    const { store } = this.deps;
    const { polls, clouds } = await store.listInteractions(sessionId);
    const visiblePolls = polls.filter(isPublished);
    const visibleClouds = clouds.filter(isPublished);
    const isParticipant = principal.role === 'participant';
    const [pollResults, cloudResults, myBallots, myWords] = await Promise.all([
      Promise.all(visiblePolls.filter(audienceSeesResults).map((p) => store.pollResults(p.id))),
      Promise.all(visibleClouds.filter(audienceSeesResults).map((c) => store.cloudResults(c.id))),
      isParticipant ? store.listMyBallots(sessionId, principal.id) : [],
      isParticipant ? store.listMyWords(sessionId, principal.id) : [],
    ]);
    return {
      polls: visiblePolls,
      clouds: visibleClouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null).map(toAudienceCloud),
      myBallots,
      myWords,
    };
  }

  /** For moderators: drafts too, every result, every word with its flags. */
  async moderation(sessionId: string): Promise<ModInteractions> {
    const { store } = this.deps;
    const { polls, clouds } = await store.listInteractions(sessionId);
    const [pollResults, cloudResults] = await Promise.all([
      Promise.all(polls.map((p) => store.pollResults(p.id))),
      Promise.all(clouds.map((c) => store.cloudResults(c.id))),
    ]);
    return {
      polls,
      clouds,
      pollResults: pollResults.filter((r) => r !== null),
      cloudResults: cloudResults.filter((r) => r !== null),
    };
  }
}
