import type { FastifyInstance, FastifyRequest } from 'fastify';
import { watchAdminRoutes as admin, watchRoutes as routes, type Role } from '@agora/shared';
import type { Principal } from '../../modules/identity/principal.ts';
import type { WatchService } from '../../modules/watch/watch.service.ts';
import { onePart } from './content-routes.ts';
import { registerRoute } from './register-route.ts';

/** Registrants' watch routes: the addresses they may open now, the replay's timeline, the catalogue. */
export function registerWatchRoutes(
  app: FastifyInstance,
  deps: { watch: WatchService; authenticate: (request: FastifyRequest, as: Role) => Promise<Principal> },
): void {
  registerRoute(app, routes.sessionWatch, async ({ params, query, request, reply }) => {
    const principal = await deps.authenticate(request, query.as);
    // Personal and holding signed addresses: no cache keeps it.
    void reply.header('cache-control', 'no-store');
    return deps.watch.sessionWatch(principal, params.slug, params.id);
  });
  registerRoute(app, routes.replayTimeline, async ({ params, query, request }) =>
    deps.watch.timeline(await deps.authenticate(request, query.as), params.slug, params.id),
  );
  registerRoute(app, routes.replayCatalogue, async ({ params, query, request, reply }) => {
    const principal = await deps.authenticate(request, query.as);
    void reply.header('cache-control', 'no-store');
    return deps.watch.catalogue(principal, params.slug);
  });
}

/**
 * The organizer's side of sessions' videos; registered inside the organizer scope (its token
 * check and its multipart parser, whose size limit is the uploads' one).
 */
export function registerWatchAdminRoutes(scope: FastifyInstance, watch: WatchService): void {
  registerRoute(scope, admin.sessionVideo, async ({ params }) => watch.video(params.slug, params.sessionId));
  registerRoute(scope, admin.updateSessionVideo, async ({ params, body }) =>
    watch.updateVideo(params.slug, params.sessionId, body),
  );
  registerRoute(scope, admin.uploadReplayFile, async ({ params, request }) =>
    watch.uploadFile(params.slug, params.sessionId, await onePart(request)),
  );
  registerRoute(scope, admin.removeReplayFile, async ({ params }) =>
    watch.removeFile(params.slug, params.sessionId),
  );
}
