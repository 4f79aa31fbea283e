import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.ts';

/**
 * Fields no log line may show, wherever they appear: tokens and codes are credentials (a personal
 * code lets anyone in as its registrant), passwords obviously. Censored, not removed, so a line
 * still says the field was there.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'token',
  'code',
  'password',
  '*.token',
  '*.password',
  'body.code',
];

/**
 * The process's one logger: JSON lines on stdout (the human banner is the only other output),
 * each with its time, level, pid and host. `err.code` (a stable error code) is kept: only a
 * top-level or body `code` (a personal code) is redacted.
 */
export function createLogger(level: Config['LOG_LEVEL']): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } });
}

/** A request id a load balancer may have set (X-Request-Id), if it looks like one; else a fresh one. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
}
