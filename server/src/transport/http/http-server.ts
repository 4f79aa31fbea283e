import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { AppError, httpStatusOf } from '@agora/shared';
import type { Config } from '../../config.ts';
import { requestId } from '../../observability/logger.ts';
import { requestLogger } from './request-logger.ts';

/**
 * TRUST_PROXY as Fastify takes it. A hop count becomes a function: Fastify 5.12 turns a number into
 * "trust nothing" (it cannot check who the peer is), which would make every client behind nginx
 * one address. With `hop < n`, the address n proxies back is the client's: the one the first
 * proxy saw and appended; entries further left are the client's own writing and never used.
 */
function trustProxyOption(
  value: Config['TRUST_PROXY'],
): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof value !== 'number') return value;
  return value === 0 ? false : (_address, hop) => hop < value;
}

/**
 * Fastify with cookies and the one error mapping of the HTTP API: an AppError answers its body
 * with the status of `httpStatusOf[code]` (and Retry-After when it says so); Fastify's own 4xx
 * (a body that is not JSON, too large) answer INVALID_PAYLOAD; anything else is logged and
 * answered INTERNAL without its details.
 */
export async function createHttpServer(config: Config, logger: FastifyBaseLogger): Promise<FastifyInstance> {
  const http = Fastify({
    // Every line logged for a request carries its reqId (the balancer's X-Request-Id when it sends one).
    loggerInstance: logger,
    requestIdHeader: false,
    genReqId: requestId,
    childLoggerFactory: requestLogger,
    trustProxy: trustProxyOption(config.TRUST_PROXY),
    bodyLimit: 256 * 1024,
    logController: new LogController({ disableRequestLogging: true }),
  });
  await http.register(fastifyCookie);
  // LOG_LEVEL=debug: one line per request, with its reqId, the route's pattern (never the URL
  // itself, whose query may hold a personal code: `/e/slug?code=…`) and the status.
  if (config.LOG_LEVEL === 'debug' || config.LOG_LEVEL === 'trace') {
    http.addHook('onResponse', async (request, reply) => {
      request.log.debug(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unrouted (app page or 404)',
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
        },
        'request completed',
      );
    });
  }
  http.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('Retry-After', String(retry));
      return reply.status(httpStatusOf[error.code]).send(error.toBody());
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.status(status).send({ code: 'INVALID_PAYLOAD', message: (error as Error).message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });
  return http;
}
