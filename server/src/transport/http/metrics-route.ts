import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '@agora/shared';
import type { Metrics } from '../../observability/metrics.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` in Prometheus' text format, for a scraper holding METRICS_TOKEN as a bearer token
 * (compared in constant time); without METRICS_TOKEN it answers NOT_FOUND (and not the web app's page). The token rather
 * than a second port: one port to publish, proxy and firewall, and the same answer through the
 * load balancer or straight from a node.
 */
export function registerMetricsRoute(
  http: FastifyInstance,
  metrics: Metrics,
  token: string | undefined,
): void {
  const expected = token ? digest(token) : null;
  http.get('/metrics', async (request, reply) => {
    if (!expected) throw new AppError('NOT_FOUND', 'metrics are off: set METRICS_TOKEN to read them');
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(given), expected)) {
      void reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppError('UNAUTHORIZED', 'metrics need the METRICS_TOKEN bearer token');
    }
    const body = await metrics.registry.metrics();
    return reply.header('Cache-Control', 'no-store').type(metrics.registry.contentType).send(body);
  });
}
