import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AppErrorBody,
  attendanceRoutes,
  contentOrganizerRoutes,
  contentRoutes,
  httpRoutes,
  organizerRoutes,
  watchAdminRoutes,
  watchRoutes,
} from '@agora/shared';
import { registerRoute, type RouteSpec } from './register-route.ts';

type JsonSchema = { properties?: Record<string, unknown>; required?: string[] };

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** Path parameters or query fields as OpenAPI parameters. */
function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema, 'input') as JsonSchema;
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function operation(tag: string, name: string, route: RouteSpec) {
  const error = { content: { 'application/json': { schema: jsonSchema(AppErrorBody, 'output') } } };
  return {
    operationId: `${tag}.${name}`,
    tags: [tag],
    parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
    ...(route.body
      ? { requestBody: { content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
      : {}),
    responses: {
      200: {
        description: 'OK',
        content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
      },
      default: { description: 'An error: its code gives the status (`httpStatusOf`)', ...error },
    },
  };
}

/** The OpenAPI 3.1 document of the shared route tables: the same schemas that validate the requests. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const tables: [string, Record<string, RouteSpec>][] = [
    ['public', httpRoutes],
    ['organizer', organizerRoutes],
    ['content', contentRoutes],
    ['content-organizer', contentOrganizerRoutes],
    ['watch', watchRoutes],
    ['watch-organizer', watchAdminRoutes],
    ['attendance', attendanceRoutes],
  ];
  for (const [tag, table] of tables) {
    for (const [name, route] of Object.entries(table)) {
      const path = route.path.replace(/:(\w+)/g, '{$1}');
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(tag, name, route) };
    }
  }
  return { openapi: '3.1.0', info: { title: 'Agora Live HTTP API', version: '1' }, paths };
}

/** Serves the document, built once on the first request. */
export function registerOpenApiRoute(app: FastifyInstance): void {
  let document: Record<string, unknown> | null = null;
  registerRoute(app, httpRoutes.openApi, async () => (document ??= openApiDocument()));
}
