import { watchRoutes, type Role } from '@agora/shared';
import { call } from './http.ts';

function path(template: string, slug: string, sessionId: string | null, as: Role): string {
  const filled = template
    .replace(':slug', encodeURIComponent(slug))
    .replace(':id', encodeURIComponent(sessionId ?? ''));
  return `${filled}?as=${as}`;
}

/** The watch routes (`watchRoutes`), answers parsed with their shared schemas. */
export const watchApi = {
  sessionWatch: (slug: string, sessionId: string, as: Role) =>
    call(
      path(watchRoutes.sessionWatch.path, slug, sessionId, as),
      (s) => s.watchRoutes.sessionWatch.response,
    ),
  replayTimeline: (slug: string, sessionId: string, as: Role) =>
    call(
      path(watchRoutes.replayTimeline.path, slug, sessionId, as),
      (s) => s.watchRoutes.replayTimeline.response,
    ),
  replayCatalogue: (slug: string, as: Role) =>
    call(
      path(watchRoutes.replayCatalogue.path, slug, null, as),
      (s) => s.watchRoutes.replayCatalogue.response,
    ),
};
