import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpRoutes, Role, tokenCookieName } from '@agora/shared';
import type { IdentityService } from '../../modules/identity/identity.service.ts';
import type { Principal } from '../../modules/identity/principal.ts';
import { meOf } from '../../modules/identity/principal.ts';
import type { ProgramService } from '../../modules/program/program.service.ts';
import { registerRoute } from './register-route.ts';

export interface HttpDeps {
  identity: IdentityService;
  program: ProgramService;
  /** Whether a cookie set in answer to this request must be HTTPS-only. */
  secureCookies: (request: FastifyRequest) => boolean;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** Who calls: the bearer token, or the cookie of the role `as` names. */
export function authenticator(identity: IdentityService) {
  return (request: FastifyRequest, as: Role): Promise<Principal> => {
    const explicit = bearer(request);
    return identity.authenticate(explicit ?? request.cookies[tokenCookieName(as)], explicit ? undefined : as);
  };
}

/** The public and personal routes of `httpRoutes` (health has its own module). Thin: authenticate, call a service. */
export function registerRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const authenticate = authenticator(deps.identity);

  registerRoute(app, httpRoutes.getEdition, async ({ params }) => deps.program.editionPublic(params.slug));

  registerRoute(app, httpRoutes.join, async ({ params, body, request, reply }) => {
    const joined = await deps.identity.join(params.slug, body.code, request.ip);
    void reply.setCookie(tokenCookieName(joined.me.role), joined.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies(request),
      // The cookie ends with the token (the edition's replay window or last day), not 400 days on.
      expires: new Date(joined.expiresAt),
    });
    return joined;
  });

  registerRoute(app, httpRoutes.me, async ({ query, request }) => {
    const principal = await authenticate(request, query.as);
    return meOf(principal, await deps.program.editionSlugOf(principal.editionId));
  });

  registerRoute(app, httpRoutes.myRoles, async ({ request }) => {
    const roles = [];
    for (const role of Role.options) {
      const token = request.cookies[tokenCookieName(role)];
      if (!token) continue;
      const principal = await deps.identity.authenticate(token, role).catch(() => null);
      if (principal) roles.push(meOf(principal, await deps.program.editionSlugOf(principal.editionId)));
    }
    return { roles };
  });

  registerRoute(app, httpRoutes.logout, async ({ query, reply }) => {
    void reply.clearCookie(tokenCookieName(query.as), { path: '/' });
    return { ok: true as const };
  });

  registerRoute(app, httpRoutes.programme, async ({ params, query, request }) =>
    deps.program.programme(await authenticate(request, query.as), params.slug),
  );
}
