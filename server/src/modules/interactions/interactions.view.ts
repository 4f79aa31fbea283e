import type { Interaction } from './interactions.store.ts';

/** The audience's cloud: written once in shared/ (the console's projector preview draws it too). */
export { toAudienceCloud } from '@agora/shared';

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
