import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '@agora/shared';
import { apiRouteOptions } from './security-headers.ts';

/** A route as the shared tables (`httpRoutes`, `organizerRoutes`) declare it. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the request's parts parsed with the route's schemas. */
export interface RouteInput<R extends RouteSpec> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A handler answers the route's response, or the reply it sent itself (a CSV, a 503). */
export type RouteHandler<R extends RouteSpec> = (
  input: RouteInput<R>,
) => Promise<z.input<R['response']> | FastifyReply>;

/**
 * Of a union's failed branches, the one to report: the branch that got past the value's type (a
 * JSON body says what is wrong with its fields, not that it is not a CSV string).
 */
function unionBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] {
  const branches = issue.errors.filter(
    (b) => !b.some((i) => i.code === 'invalid_type' && i.path.length === 0),
  );
  return branches.length === 1 ? (branches[0] ?? []) : [issue];
}

/** Parses with a shared schema; a bad value is an INVALID_PAYLOAD error listing every problem. */
export function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) => (i.code === 'invalid_union' ? unionBranch(i) : [i]));
    throw new AppError(
      'INVALID_PAYLOAD',
      `invalid ${where}`,
      issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/**
 * Registers a route of a shared table: its method and path come from the table, and its path
 * parameters, query and body are parsed with the table's schemas (in that order) before the
 * handler runs, so no handler sees unvalidated data and a path or schema is written once. Hooks
 * added to `app` (authentication) run before the parsing. Its answers carry the API's fixed
 * security headers (security-headers.ts), not the pages' helmet set.
 */
export function registerRoute<R extends RouteSpec>(
  app: FastifyInstance,
  route: R,
  handler: RouteHandler<R>,
  options: { bodyLimit?: number } = {},
): void {
  app.route({
    method: route.method,
    url: route.path,
    ...apiRouteOptions,
    ...options,
    handler: async (request, reply) =>
      handler({
        params: route.params ? parse(route.params, request.params, 'path') : undefined,
        query: route.query ? parse(route.query, request.query, 'query') : undefined,
        body: route.body ? parse(route.body, request.body, 'body') : undefined,
        request,
        reply,
      } as RouteInput<R>),
  });
}
