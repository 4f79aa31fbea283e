import { AsRoleQuery, EditionParams } from './http.ts';
import { Id } from './schemas/common.ts';
import { ReplayCatalogue, ReplayTimeline, SessionWatch } from './schemas/watch.ts';

/** Path parameters naming a session of an edition. */
export const WatchParams = EditionParams.extend({ id: Id });

/**
 * Watching sessions, for registrants of the edition (participants, moderators), authenticated like
 * `httpRoutes`. A registrant of another edition gets FORBIDDEN; addresses are given only when the
 * person is entitled now (see `SessionWatch.availability` for why not).
 */
export const watchRoutes = {
  /** What can be watched of a session now: live or replay address (signed when the app serves the file), or why not. */
  sessionWatch: {
    method: 'GET',
    path: '/api/editions/:slug/sessions/:id/watch',
    params: WatchParams,
    query: AsRoleQuery,
    response: SessionWatch,
  },
  /** A session's replay timeline: questions put on screen, polls with final results, clouds, at their offsets. */
  replayTimeline: {
    method: 'GET',
    path: '/api/editions/:slug/sessions/:id/timeline',
    params: WatchParams,
    query: AsRoleQuery,
    response: ReplayTimeline,
  },
  /** The edition's replay catalogue, with this person's resume points. */
  replayCatalogue: {
    method: 'GET',
    path: '/api/editions/:slug/replays',
    params: EditionParams,
    query: AsRoleQuery,
    response: ReplayCatalogue,
  },
} as const;
