import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ORGANIZER_COOKIE, organizerRoutes as routes, type Organizer, type Role } from '@agora/shared';
import type { AttendanceReportService } from '../../modules/attendance/attendance-report.service.ts';
import type { OrganizerAuthService } from '../../modules/organizer/organizer-auth.service.ts';
import type { PeopleService } from '../../modules/organizer/people.service.ts';
import type { PrivacyService } from '../../modules/organizer/privacy.service.ts';
import type { ProgrammeAdminService } from '../../modules/organizer/programme-admin.service.ts';
import type { ReportsService } from '../../modules/organizer/reports.service.ts';
import type { WatchService } from '../../modules/watch/watch.service.ts';
import { registerAttendanceOrganizerRoutes } from './attendance-routes.ts';
import { registerContentOrganizerRoutes, type ContentHttpDeps } from './content-routes.ts';
import { registerRoute } from './register-route.ts';
import { registerWatchAdminRoutes } from './watch-routes.ts';

export interface OrganizerHttpDeps {
  auth: OrganizerAuthService;
  programme: ProgrammeAdminService;
  people: PeopleService;
  reports: ReportsService;
  privacy: PrivacyService;
  /** Whether a cookie set in answer to this request must be HTTPS-only. */
  secureCookies: (request: FastifyRequest) => boolean;
  content: ContentHttpDeps;
  watch: WatchService;
  attendance: AttendanceReportService;
}

/** Imported files may be larger than ordinary bodies (a registration list of 10,000+ people). */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** The routes that need no organizer token. */
const publicPaths = new Set<string>([routes.organizerLogin.path, routes.organizerLogout.path]);

function sendCsv(reply: FastifyReply, filename: string, csv: string): FastifyReply {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(csv);
}

/**
 * The organizer console's routes (`organizerRoutes` in shared). Every route but login and logout
 * starts by authenticating an organizer token: personal tokens (participant, moderator,
 * projector) are refused there, before any parsing or work.
 */
export function registerOrganizerRoutes(app: FastifyInstance, deps: OrganizerHttpDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    const organizer = (request: FastifyRequest): Promise<Organizer> => {
      const header = request.headers.authorization;
      const token = header?.startsWith('Bearer ') ? header.slice(7) : request.cookies[ORGANIZER_COOKIE];
      return deps.auth.authenticate(token);
    };
    // Checked before the body is even read.
    scope.addHook('onRequest', async (request) => {
      if (!publicPaths.has(request.routeOptions.url ?? '')) await organizer(request);
    });

    registerRoute(scope, routes.organizerLogin, async ({ body, request, reply }) => {
      const result = await deps.auth.login(body.email, body.password, request.ip);
      void reply.setCookie(ORGANIZER_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies(request),
        maxAge: 12 * 60 * 60,
      });
      return result;
    });
    registerRoute(scope, routes.organizerLogout, async ({ reply }) => {
      void reply.clearCookie(ORGANIZER_COOKIE, { path: '/' });
      return { ok: true as const };
    });
    registerRoute(scope, routes.organizerMe, async ({ request }) => organizer(request));
    await registerContentOrganizerRoutes(scope, deps.content);
    // After the content routes: they registered the multipart parser this scope's uploads use.
    registerWatchAdminRoutes(scope, deps.watch);
    registerAttendanceOrganizerRoutes(scope, deps.attendance);

    // --- editions and programme ---
    registerRoute(scope, routes.listEditions, async () => ({ editions: await deps.programme.list() }));
    registerRoute(scope, routes.createEdition, async ({ body }) => deps.programme.create(body));
    registerRoute(scope, routes.getEdition, async ({ params }) => deps.programme.get(params.slug));
    registerRoute(scope, routes.updateEdition, async ({ params, body }) =>
      deps.programme.update(params.slug, body),
    );
    registerRoute(scope, routes.listSessions, async ({ params }) => ({
      sessions: await deps.programme.sessions(params.slug),
    }));
    registerRoute(scope, routes.createSession, async ({ params, body }) =>
      deps.programme.createSession(params.slug, body),
    );
    registerRoute(scope, routes.updateSession, async ({ params, body }) =>
      deps.programme.updateSession(params.slug, params.sessionId, body),
    );
    registerRoute(
      scope,
      routes.importProgramme,
      async ({ params, body }) => deps.programme.importProgramme(params.slug, body),
      { bodyLimit: IMPORT_BODY_LIMIT },
    );

    // --- registrants and codes ---
    registerRoute(scope, routes.listRegistrants, async ({ params }) => ({
      registrants: await deps.people.registrants(params.slug),
    }));
    registerRoute(
      scope,
      routes.importRegistrants,
      async ({ params, body }) => deps.people.importRegistrants(params.slug, body),
      { bodyLimit: IMPORT_BODY_LIMIT },
    );
    registerRoute(scope, routes.issueCodes, async ({ params, query, body, reply }) => {
      const codes = await deps.people.issueRegistrantCodes(params.slug, body.registrantIds);
      void reply.header('cache-control', 'no-store');
      return query.format === 'csv'
        ? sendCsv(reply, `codes-${params.slug}.csv`, deps.people.codesCsv(codes))
        : { codes };
    });
    registerRoute(scope, routes.updateRegistrant, async ({ params, body }) =>
      deps.people.updateRegistrant(params.slug, params.id, body),
    );
    registerRoute(scope, routes.exportRegistrant, async ({ params }) =>
      deps.privacy.exportRegistrant(params.slug, params.id),
    );
    registerRoute(scope, routes.eraseRegistrant, async ({ params }) =>
      deps.privacy.eraseRegistrant(params.slug, params.id),
    );

    // --- revoke / reissue, the same for the three kinds of people ---
    const kinds = [
      [routes.revokeRegistrant, routes.reissueRegistrant, 'participant'],
      [routes.revokeModerator, routes.reissueModerator, 'moderator'],
      [routes.revokeScreen, routes.reissueScreen, 'projector'],
    ] as const satisfies readonly (readonly [unknown, unknown, Role])[];
    for (const [revoke, reissue, role] of kinds) {
      registerRoute(scope, revoke, async ({ params }) => ({
        revoked: await deps.people.revoke(params.slug, role, params.id),
      }));
      registerRoute(scope, reissue, async ({ params, reply }) => {
        void reply.header('cache-control', 'no-store');
        return deps.people.reissue(params.slug, role, params.id);
      });
    }

    // --- moderators and screens ---
    registerRoute(scope, routes.listModerators, async ({ params }) => ({
      moderators: await deps.people.moderators(params.slug),
    }));
    registerRoute(scope, routes.createModerator, async ({ params, body }) =>
      deps.people.createModerator(params.slug, body),
    );
    registerRoute(scope, routes.updateModerator, async ({ params, body }) =>
      deps.people.updateModerator(params.slug, params.id, body),
    );
    registerRoute(scope, routes.listScreens, async ({ params }) => ({
      screens: await deps.people.screens(params.slug),
    }));
    registerRoute(scope, routes.createScreen, async ({ params, body }) =>
      deps.people.createScreen(params.slug, body),
    );

    // --- rehearsal, overview, exports ---
    registerRoute(scope, routes.goLive, async ({ params, body }) =>
      deps.privacy.goLive(params.slug, body.confirm),
    );
    registerRoute(scope, routes.overview, async ({ params }) => deps.reports.overview(params.slug));
    registerRoute(scope, routes.exportEdition, async ({ params, query, reply }) => {
      const report = await deps.reports.editionReport(params.slug);
      return query.format === 'csv'
        ? sendCsv(reply, `${params.slug}-${query.table}.csv`, deps.reports.csv(report.sessions, query.table))
        : report;
    });
    registerRoute(scope, routes.exportSession, async ({ params, query, reply }) => {
      const { slug, sessionId } = params;
      const report = await deps.reports.sessionReportOf(slug, sessionId);
      return query.format === 'csv'
        ? sendCsv(reply, `${slug}-${sessionId}-${query.table}.csv`, deps.reports.csv([report], query.table))
        : report;
    });
  });
}
