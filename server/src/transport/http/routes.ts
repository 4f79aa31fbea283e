import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError, AsRoleQuery, EditionParams, JoinRequest, Role, tokenCookieName } from '@agora/shared';
import type { IdentityService } from '../../modules/identity/identity.service.ts';
import type { Principal } from '../../modules/identity/principal.ts';
import { meOf } from '../../modules/identity/principal.ts';
import type { ProgramService } from '../../modules/program/program.service.ts';

export interface HttpDeps {
  identity: IdentityService;
  program: ProgramService;
  secureCookies: boolean;
}

/** Parses with a shared schema; a bad value is an INVALID_PAYLOAD error listing every problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw new AppError(
      'INVALID_PAYLOAD',
      `invalid ${where}`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** Thin routes: parse, authenticate, call a service. */
export function registerRoutes(app: FastifyInstance, deps: HttpDeps): void {
  const authenticate = async (request: FastifyRequest): Promise<{ principal: Principal; role: Role }> => {
    const { as } = parse(AsRoleQuery, request.query, 'query');
    const explicit = bearer(request);
    const principal = await deps.identity.authenticate(
      explicit ?? request.cookies[tokenCookieName(as)],
      explicit ? undefined : as,
    );
    return { principal, role: as };
  };

  app.get('/api/editions/:slug', async (request) => {
    const { slug } = parse(EditionParams, request.params, 'path');
    return deps.program.editionPublic(slug);
  });

  app.post('/api/editions/:slug/join', async (request, reply: FastifyReply) => {
    const { slug } = parse(EditionParams, request.params, 'path');
    const { code } = parse(JoinRequest, request.body, 'body');
    const joined = await deps.identity.join(slug, code, request.ip);
    void reply.setCookie(tokenCookieName(joined.me.role), joined.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: deps.secureCookies,
      // The cookie ends with the token (the edition's replay window or last day), not 400 days on.
      expires: new Date(joined.expiresAt),
    });
    return joined;
  });

  app.get('/api/me', async (request) => {
    const { principal } = await authenticate(request);
    const programme = await deps.program.editionSlugOf(principal.editionId);
    return meOf(principal, programme);
  });

  app.get('/api/me/roles', async (request) => {
    const roles = [];
    for (const role of Role.options) {
      const token = request.cookies[tokenCookieName(role)];
      if (!token) continue;
      const principal = await deps.identity.authenticate(token, role).catch(() => null);
      if (principal) roles.push(meOf(principal, await deps.program.editionSlugOf(principal.editionId)));
    }
    return { roles };
  });

  app.post('/api/logout', async (request, reply) => {
    const { as } = parse(AsRoleQuery, request.query, 'query');
    void reply.clearCookie(tokenCookieName(as), { path: '/' });
    return { ok: true as const };
  });

  app.get('/api/editions/:slug/programme', async (request) => {
    const { slug } = parse(EditionParams, request.params, 'path');
    const { principal } = await authenticate(request);
    return deps.program.programme(principal, slug);
  });
}
