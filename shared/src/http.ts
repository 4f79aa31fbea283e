import { z } from 'zod';
import { EditionPublic, Programme } from './schemas/program.ts';
import { JoinRequest, JoinResponse, Me, Role } from './schemas/identity.ts';

/** Query selecting which role's token cookie an HTTP call uses (one cookie per role). */
export const AsRoleQuery = z.object({ as: Role.default('participant') });

/** Path parameter naming an edition. */
export const EditionParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{2,64}$/) });

/** Health answer. */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.string(),
  uptimeSeconds: z.number(),
});

/**
 * The HTTP API. Errors answer `AppErrorBody` with the status of `httpStatusOf[code]`.
 * Authenticated routes read the `agora_<role>` cookie chosen by `?as=` or an `Authorization: Bearer` token.
 */
export const httpRoutes = {
  /** Public: what the join page shows. */
  getEdition: { method: 'GET', path: '/api/editions/:slug', params: EditionParams, response: EditionPublic },
  /**
   * Public, rate limited per address on failures: exchange a personal code for a token (also set as cookie).
   * A wrong, revoked or other-edition code gets the same `INVALID_CODE` answer.
   */
  join: {
    method: 'POST',
    path: '/api/editions/:slug/join',
    params: EditionParams,
    body: JoinRequest,
    response: JoinResponse,
  },
  /** Any role: who am I. */
  me: { method: 'GET', path: '/api/me', query: AsRoleQuery, response: Me },
  /** Anyone: every role this browser holds a valid cookie for (one quiet call instead of one per role). */
  myRoles: { method: 'GET', path: '/api/me/roles', response: z.object({ roles: z.array(Me) }) },
  /** Any role: forget this role's cookie. */
  logout: {
    method: 'POST',
    path: '/api/logout',
    query: AsRoleQuery,
    response: z.object({ ok: z.literal(true) }),
  },
  /** Any role of this edition: the programme. */
  programme: {
    method: 'GET',
    path: '/api/editions/:slug/programme',
    params: EditionParams,
    query: AsRoleQuery,
    response: Programme,
  },
  /** Public: liveness and store health. */
  health: { method: 'GET', path: '/api/health', response: Health },
} as const;
