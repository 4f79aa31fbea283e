import type { FastifyInstance } from 'fastify';
import { AppError } from '@agora/shared';
import type { InFlight } from '../in-flight.ts';

/**
 * Counts every route handler as work in flight while it runs, and refuses new requests with
 * UNAVAILABLE once the node drains, so the store closes only after the last handler is done.
 * The handler itself is what is counted, not the response: a client that goes away does not end
 * the work its request started (an import keeps writing). Call before any route is added.
 */
export function trackInFlightRequests(app: FastifyInstance, inflight: InFlight): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = function (request, reply) {
      if (!inflight.accepting) throw new AppError('UNAVAILABLE', 'this server is restarting; retry');
      inflight.begin();
      let result: unknown;
      try {
        result = handler.call(this, request, reply);
      } catch (error) {
        inflight.end();
        throw error;
      }
      // Async handlers are done when their promise settles; the others (which send through
      // `reply`, such as static files, which write nothing) when they return.
      if (result instanceof Promise) return result.finally(() => inflight.end());
      inflight.end();
      return result;
    };
  });
}
