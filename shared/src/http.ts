import { z } from 'zod';
import { EditionPublic, Programme } from './schemas/program.ts';
import { JoinRequest, JoinResponse, Me, Role } from './schemas/identity.ts';

/** Query selecting which role's token cookie an HTTP call uses (one cookie per role). */
export const AsRoleQuery = z.object({ as: Role.default('participant') });

/** Path parameter naming an edition. */
export const EditionParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{2,64}$/) });

/** Health answer (`/api/health`: readiness in its first shape; 503 with `degraded`). */
export const Health = z.object({
  status: z.enum(['ok', 'degraded']),
  store: z.string(),
  uptimeSeconds: z.number(),
});

/** Liveness answer: the process runs and its event loop turns. */
export const Liveness = z.object({ status: z.literal('alive'), uptimeSeconds: z.number() });

/**
 * Readiness answer: `ready` (200) when the store answers and accepts a write and the node is not
 * draining; `unavailable` (503) otherwise, with the reason.
 */
export const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  store: z.string(),
  draining: z.boolean(),
  reason: z.string().optional(),
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
  /** Public: the same check as `readiness` in its first shape (200 `ok`, 503 `degraded`); kept for existing monitors. */
  health: { method: 'GET', path: '/api/health', response: Health },
  /** Public: liveness for a process supervisor; 200 while the process runs, even while it drains or its store is down. */
  liveness: { method: 'GET', path: '/healthz', response: Liveness },
  /**
   * Public: readiness for a load balancer or a compose health check; 200 when the store answers and
   * accepts a write (within 1 s), the broadcasts' Redis connections are up (with Redis) and the node
   * is not draining, 503 otherwise (from the first moment of a shutdown).
   */
  readiness: { method: 'GET', path: '/readyz', response: Readiness },
  /** Public: this API and the organizer's as an OpenAPI 3.1 document, generated from these tables. */
  openApi: { method: 'GET', path: '/api/openapi.json', response: z.record(z.string(), z.unknown()) },
} as const;
