import type { CloudResults, ModCloudResults } from '@agora/shared';
import type { Interaction } from './interactions.store.ts';

/** Drafts are for moderators only. */
export function isPublished(item: Interaction): boolean {
  return item.status !== 'draft';
}

/**
 * Whether the audience (participants and projectors) may see an interaction's results now: a
 * published interaction whose results are live or revealed. Every audience publication of results
 * goes through here: hidden results never leave the server before the reveal.
 */
export function audienceSeesResults(item: Interaction): boolean {
  return isPublished(item) && (item.visibility === 'live' || item.revealed);
}

/** A cloud as the audience sees it: hidden and held-back words removed, moderation flags dropped. */
export function toAudienceCloud(results: ModCloudResults): CloudResults {
  return {
    cloudId: results.cloudId,
    sessionId: results.sessionId,
    version: results.version,
    participants: results.participants,
    words: results.words
      .filter((w) => !w.hidden)
      .map((w) => ({ key: w.key, text: w.text, count: w.count, onsite: w.onsite, remote: w.remote })),
    final: results.final,
  };
}
