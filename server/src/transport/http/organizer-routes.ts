import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  EditionInput,
  EditionParams,
  EditionPatch,
  ExportQuery,
  FormatQuery,
  GoLiveRequest,
  IssueCodesRequest,
  ModeratorInput,
  ModeratorPatch,
  ORGANIZER_COOKIE,
  OrganizerLogin,
  PersonParams,
  ProgrammeImport,
  RegistrantPatch,
  ScreenInput,
  SessionInput,
  SessionParams,
  SessionPatch,
  AppError,
  type Organizer,
  type Role,
} from '@agora/shared';
import type { OrganizerAuthService } from '../../modules/organizer/organizer-auth.service.ts';
import type { PeopleService } from '../../modules/organizer/people.service.ts';
import type { PrivacyService } from '../../modules/organizer/privacy.service.ts';
import type { ProgrammeAdminService } from '../../modules/organizer/programme-admin.service.ts';
import type { ReportsService } from '../../modules/organizer/reports.service.ts';
import { parse } from './routes.ts';

export interface OrganizerHttpDeps {
  auth: OrganizerAuthService;
  programme: ProgrammeAdminService;
  people: PeopleService;
  reports: ReportsService;
  privacy: PrivacyService;
  secureCookies: boolean;
}

/** Imported files may be larger than ordinary bodies (a registration list of 10,000+ people). */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

/** The CSV body of a request: `text/csv` (or `text/plain`) arrives as a string. */
function csvBody(request: FastifyRequest): string {
  if (typeof request.body !== 'string' || request.body.trim() === '') {
    throw new AppError('INVALID_PAYLOAD', 'send the file as text/csv (UTF-8)');
  }
  return request.body;
}

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
    // Every route under /api/organizer/ except login and logout requires an organizer, checked
    // before the body is even read.
    scope.addHook('onRequest', async (request) => {
      const path = request.routeOptions.url ?? '';
      if (path === '/api/organizer/login' || path === '/api/organizer/logout') return;
      await organizer(request);
    });

    scope.post('/api/organizer/login', async (request, reply) => {
      const { email, password } = parse(OrganizerLogin, request.body, 'body');
      const result = await deps.auth.login(email, password, request.ip);
      void reply.setCookie(ORGANIZER_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: deps.secureCookies,
        maxAge: 12 * 60 * 60,
      });
      return result;
    });
    scope.post('/api/organizer/logout', async (_request, reply) => {
      void reply.clearCookie(ORGANIZER_COOKIE, { path: '/' });
      return { ok: true as const };
    });
    scope.get('/api/organizer/me', async (request) => organizer(request));

    // --- editions and programme ---
    const slugOf = (request: FastifyRequest) => parse(EditionParams, request.params, 'path').slug;

    scope.get('/api/organizer/editions', async () => ({ editions: await deps.programme.list() }));
    scope.post('/api/organizer/editions', async (request) =>
      deps.programme.create(parse(EditionInput, request.body, 'body')),
    );
    scope.get('/api/organizer/editions/:slug', async (request) => deps.programme.get(slugOf(request)));
    scope.patch('/api/organizer/editions/:slug', async (request) =>
      deps.programme.update(slugOf(request), parse(EditionPatch, request.body, 'body')),
    );
    scope.get('/api/organizer/editions/:slug/sessions', async (request) => ({
      sessions: await deps.programme.sessions(slugOf(request)),
    }));
    scope.post('/api/organizer/editions/:slug/sessions', async (request) =>
      deps.programme.createSession(slugOf(request), parse(SessionInput, request.body, 'body')),
    );
    scope.patch('/api/organizer/editions/:slug/sessions/:sessionId', async (request) => {
      const { slug, sessionId } = parse(SessionParams, request.params, 'path');
      return deps.programme.updateSession(slug, sessionId, parse(SessionPatch, request.body, 'body'));
    });
    scope.post(
      '/api/organizer/editions/:slug/programme/import',
      { bodyLimit: IMPORT_BODY_LIMIT },
      async (request) => {
        const slug = slugOf(request);
        const source =
          typeof request.body === 'string' ? csvBody(request) : parse(ProgrammeImport, request.body, 'body');
        return deps.programme.importProgramme(slug, source);
      },
    );

    // --- registrants and codes ---
    const person = (request: FastifyRequest) => parse(PersonParams, request.params, 'path');

    scope.get('/api/organizer/editions/:slug/registrants', async (request) => ({
      registrants: await deps.people.registrants(slugOf(request)),
    }));
    scope.post(
      '/api/organizer/editions/:slug/registrants/import',
      { bodyLimit: IMPORT_BODY_LIMIT },
      async (request) => deps.people.importRegistrants(slugOf(request), csvBody(request)),
    );
    scope.post('/api/organizer/editions/:slug/registrants/codes', async (request, reply) => {
      const slug = slugOf(request);
      const { format } = parse(FormatQuery, request.query, 'query');
      const { registrantIds } = parse(IssueCodesRequest, request.body, 'body');
      const codes = await deps.people.issueRegistrantCodes(slug, registrantIds);
      void reply.header('cache-control', 'no-store');
      return format === 'csv' ? sendCsv(reply, `codes-${slug}.csv`, deps.people.codesCsv(codes)) : { codes };
    });
    scope.patch('/api/organizer/editions/:slug/registrants/:id', async (request) => {
      const { slug, id } = person(request);
      return deps.people.updateRegistrant(slug, id, parse(RegistrantPatch, request.body, 'body'));
    });
    scope.get('/api/organizer/editions/:slug/registrants/:id/data', async (request) => {
      const { slug, id } = person(request);
      return deps.privacy.exportRegistrant(slug, id);
    });
    scope.delete('/api/organizer/editions/:slug/registrants/:id', async (request) => {
      const { slug, id } = person(request);
      return deps.privacy.eraseRegistrant(slug, id);
    });

    // --- revoke / reissue, the same for the three kinds of people ---
    const kinds: [string, Role][] = [
      ['registrants', 'participant'],
      ['moderators', 'moderator'],
      ['screens', 'projector'],
    ];
    for (const [segment, role] of kinds) {
      scope.post(`/api/organizer/editions/:slug/${segment}/:id/revoke`, async (request) => {
        const { slug, id } = person(request);
        return { revoked: await deps.people.revoke(slug, role, id) };
      });
      scope.post(`/api/organizer/editions/:slug/${segment}/:id/reissue`, async (request, reply) => {
        const { slug, id } = person(request);
        void reply.header('cache-control', 'no-store');
        return deps.people.reissue(slug, role, id);
      });
    }

    // --- moderators and screens ---
    scope.get('/api/organizer/editions/:slug/moderators', async (request) => ({
      moderators: await deps.people.moderators(slugOf(request)),
    }));
    scope.post('/api/organizer/editions/:slug/moderators', async (request) =>
      deps.people.createModerator(slugOf(request), parse(ModeratorInput, request.body, 'body')),
    );
    scope.patch('/api/organizer/editions/:slug/moderators/:id', async (request) => {
      const { slug, id } = person(request);
      return deps.people.updateModerator(slug, id, parse(ModeratorPatch, request.body, 'body'));
    });
    scope.get('/api/organizer/editions/:slug/screens', async (request) => ({
      screens: await deps.people.screens(slugOf(request)),
    }));
    scope.post('/api/organizer/editions/:slug/screens', async (request) =>
      deps.people.createScreen(slugOf(request), parse(ScreenInput, request.body, 'body')),
    );

    // --- rehearsal, overview, exports ---
    scope.post('/api/organizer/editions/:slug/go-live', async (request) =>
      deps.privacy.goLive(slugOf(request), parse(GoLiveRequest, request.body, 'body').confirm),
    );
    scope.get('/api/organizer/editions/:slug/overview', async (request) =>
      deps.reports.overview(slugOf(request)),
    );
    scope.get('/api/organizer/editions/:slug/export', async (request, reply) => {
      const slug = slugOf(request);
      const { format, table } = parse(ExportQuery, request.query, 'query');
      const report = await deps.reports.editionReport(slug);
      return format === 'csv'
        ? sendCsv(reply, `${slug}-${table}.csv`, deps.reports.csv(report.sessions, table))
        : report;
    });
    scope.get('/api/organizer/editions/:slug/sessions/:sessionId/export', async (request, reply) => {
      const { slug, sessionId } = parse(SessionParams, request.params, 'path');
      const { format, table } = parse(ExportQuery, request.query, 'query');
      const report = await deps.reports.sessionReportOf(slug, sessionId);
      return format === 'csv'
        ? sendCsv(reply, `${slug}-${sessionId}-${table}.csv`, deps.reports.csv([report], table))
        : report;
    });
  });
}
