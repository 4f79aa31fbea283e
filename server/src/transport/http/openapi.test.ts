import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import {
  attendanceRoutes,
  contentOrganizerRoutes,
  contentRoutes,
  httpRoutes,
  organizerRoutes,
  watchAdminRoutes,
  watchRoutes,
} from '@agora/shared';
import { openApiDocument, registerOpenApiRoute } from './openapi.ts';

describe('OpenAPI document', () => {
  it('describes every route of the shared tables, with its path parameters', () => {
    const paths = openApiDocument().paths as Record<
      string,
      Record<string, { parameters: { name: string }[] }>
    >;
    const routes = [
      ...Object.values(httpRoutes),
      ...Object.values(organizerRoutes),
      ...Object.values(contentRoutes),
      ...Object.values(contentOrganizerRoutes),
      ...Object.values(watchRoutes),
      ...Object.values(watchAdminRoutes),
      ...Object.values(attendanceRoutes),
    ];
    for (const route of routes) {
      const operation = paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      const named = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
      expect(operation?.parameters.filter((p) => named.includes(p.name))).toHaveLength(named.length);
    }
    expect(Object.values(paths).flatMap((p) => Object.keys(p))).toHaveLength(routes.length);
  });

  it('is served at its route of the table', async () => {
    const app = Fastify();
    registerOpenApiRoute(app);
    const res = await app.inject({ method: 'GET', url: httpRoutes.openApi.path });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ openapi: '3.1.0' });
    await app.close();
  });
});
