import { AsRoleQuery, EditionParams } from './http.ts';
import { Id } from './schemas/common.ts';
import { SessionParams } from './schemas/organizer.ts';
import {
  ReplayCatalogue,
  ReplayTimeline,
  SessionVideoAdmin,
  SessionVideoPatch,
  SessionWatch,
} from './schemas/watch.ts';

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

const video = '/api/organizer/editions/:slug/sessions/:sessionId/video';

/**
 * The organizer's side of a session's video (organizer token, as every `organizerRoutes` route):
 * the replay file, where the session starts in it, and whether it is played as the live stream.
 * The stream and replay links themselves are the session's `streamUrl` / `replayUrl`.
 */
export const watchAdminRoutes = {
  /** Organizer: the session's video file and settings. */
  sessionVideo: {
    method: 'GET',
    path: video,
    params: SessionParams,
    response: SessionVideoAdmin,
  },
  /** Organizer: changes the video start offset or whether the file is played live. */
  updateSessionVideo: {
    method: 'PATCH',
    path: video,
    params: SessionParams,
    body: SessionVideoPatch,
    response: SessionVideoAdmin,
  },
  /**
   * Organizer, multipart/form-data with one file: the session's replay video (MP4 or WebM, type read
   * from its bytes, size limit); replaces the previous one (whose signed addresses stop at once).
   * Refused (FILE_EMPTY, FILE_TYPE_REFUSED, FILE_TOO_LARGE): nothing is stored, the previous file stays.
   */
  uploadReplayFile: {
    method: 'POST',
    path: `${video}/file`,
    params: SessionParams,
    response: SessionVideoAdmin,
  },
  /** Organizer: removes the session's replay file. */
  removeReplayFile: {
    method: 'DELETE',
    path: `${video}/file`,
    params: SessionParams,
    response: SessionVideoAdmin,
  },
} as const;
