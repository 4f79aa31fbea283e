import type { CloudResults, ModCloudResults } from '../schemas/interactions.ts';
import type { QuestionStatus } from '../schemas/questions.ts';

/**
 * Whether the audience (phones and projectors) sees a question in this status: approved and
 * answered ones only. The server filters what it sends by it; the moderator's console uses it to
 * preview the projector from its own session (which holds every question).
 */
export function isPublicStatus(status: QuestionStatus): boolean {
  return status === 'approved' || status === 'answered';
}

/**
 * A cloud as the audience sees it: hidden and held-back words removed, moderation flags dropped.
 * The server sends audiences this; the console's projector preview draws the same from the
 * moderator's results.
 */
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
