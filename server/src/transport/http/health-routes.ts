import type { FastifyInstance } from 'fastify';
import { httpRoutes, type Health, type Readiness } from '@agora/shared';
import type { z } from 'zod';
import { registerRoute } from './register-route.ts';

export interface HealthDeps {
  /** The store's kind, for the answers. */
  store: string;
  /** Resolves if the store answers and accepts a write now (`Store.probe`). */
  probe: () => Promise<void>;
  /** True from the first moment of a shutdown. */
  draining: () => boolean;
  /**
   * The broadcasts' Redis connections (the adapter's publisher and subscriber), by name; a node
   * whose subscriber is reconnecting would take new clients and miss the other nodes' broadcasts.
   */
  broadcasts?: () => Readonly<Record<string, { readonly status: string }>>;
}

/** `broadcasts: adapter-sub reconnecting` for the connections not ready (ioredis' status), or null. */
function broadcastsDown(deps: HealthDeps): string | null {
  const down = Object.entries(deps.broadcasts?.() ?? {})
    .filter(([, connection]) => connection.status !== 'ready')
    .map(([name, connection]) => `${name} ${connection.status}`);
  return down.length > 0 ? `broadcasts: ${down.join(', ')}` : null;
}

/** A store that does not answer within this long is not ready: a load balancer's check times out at a few seconds. */
const PROBE_TIMEOUT_MS = 1_000;

async function readiness(deps: HealthDeps): Promise<z.infer<typeof Readiness>> {
  const base = { store: deps.store, draining: deps.draining() };
  if (base.draining) return { ...base, status: 'unavailable', reason: 'this node is shutting down' };
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      deps.probe(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)),
          PROBE_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    return { ...base, status: 'unavailable', reason: `store: ${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
  const down = broadcastsDown(deps);
  return down ? { ...base, status: 'unavailable', reason: down } : { ...base, status: 'ready' };
}

/**
 * Liveness (`/healthz`) and readiness (`/readyz`, and `/api/health` in its first shape). Register
 * before `trackInFlightRequests`: these routes must keep answering while the node drains (which
 * refuses every other request), so a supervisor does not kill a node finishing its acks and a load
 * balancer reads the 503 that tells it to stop sending clients.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthDeps): void {
  registerRoute(app, httpRoutes.liveness, async () => ({
    status: 'alive' as const,
    uptimeSeconds: Math.round(process.uptime()),
  }));

  registerRoute(app, httpRoutes.readiness, async ({ reply }) => {
    const answer = await readiness(deps);
    return reply.status(answer.status === 'ready' ? 200 : 503).send(answer);
  });

  registerRoute(app, httpRoutes.health, async ({ reply }) => {
    const answer = await readiness(deps);
    const body: z.infer<typeof Health> = {
      status: answer.status === 'ready' ? 'ok' : 'degraded',
      store: deps.store,
      uptimeSeconds: Math.round(process.uptime()),
    };
    return reply.status(answer.status === 'ready' ? 200 : 503).send(body);
  });
}
