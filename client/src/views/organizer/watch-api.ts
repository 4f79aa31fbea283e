import { SessionVideoAdmin, watchAdminRoutes as routes, type SessionVideoPatch } from '@agora/shared';
import { fillPath } from './api.ts';
import { json, jsonBody, sendForm } from './content-api.ts';

const url = (path: string, slug: string, sessionId: string) => fillPath(path, { slug, sessionId });

/** The organizer's side of a session's video (routes of `watchAdminRoutes`). */
export const watchApi = {
  video: (slug: string, sessionId: string) =>
    json(SessionVideoAdmin, url(routes.sessionVideo.path, slug, sessionId)),
  update: (slug: string, sessionId: string, patch: SessionVideoPatch) =>
    json(SessionVideoAdmin, url(routes.updateSessionVideo.path, slug, sessionId), jsonBody('PATCH', patch)),
  upload: (slug: string, sessionId: string, file: File, onProgress: (fraction: number) => void) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return sendForm(
      SessionVideoAdmin,
      'POST',
      url(routes.uploadReplayFile.path, slug, sessionId),
      form,
      onProgress,
    );
  },
  remove: (slug: string, sessionId: string) =>
    json(SessionVideoAdmin, url(routes.removeReplayFile.path, slug, sessionId), { method: 'DELETE' }),
};
