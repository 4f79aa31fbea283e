import type { Redis } from 'ioredis';
import { AppError } from '@agora/shared';
import { ruleRefusal } from './rule-refusals.ts';

/**
 * Replies by which Redis says it cannot serve now (loading its data after a restart, refusing writes
 * after a failed save or on a replica, out of memory, busy with a script): the store is unavailable,
 * not the request wrong.
 */
const UNAVAILABLE_REPLY = /^(LOADING|MISCONF|READONLY|OOM|BUSY|MASTERDOWN|NOREPLICAS|TRYAGAIN|CLUSTERDOWN)\b/;

/** Default of `commandTimeoutMs`: joins and commands fail within about 2 s, and the outbox re-sends. */
export const COMMAND_TIMEOUT_MS = 1_500;

/**
 * Maps a refusal returned by a script to the same AppError as the embedded store: `{err = 'RULE
 * name args'}` names a refusal whose text lives in a rules file (rule-refusals.ts).
 */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  return ruleRefusal(error.message) ?? error;
}

/** Resolves once the client is ready (it keeps reconnecting meanwhile), rejects after `timeoutMs`. */
export function ready(redis: Redis, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    let last: Error | null = null;
    const onError = (error: Error) => {
      last = error;
    };
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      redis.off('error', onError);
      reject(new Error(`Redis did not answer within ${timeoutMs} ms${last ? `: ${last.message}` : ''}`));
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      redis.off('error', onError);
      resolve();
    };
    redis.once('ready', onReady);
    redis.on('error', onError);
  });
}

/**
 * An error from a Redis call as the services see it: a script's refusal as its AppError, anything
 * that says Redis did not answer (no connection, no reply in time, a reply that means "not now") as
 * UNAVAILABLE, which the client's outbox re-sends with the same client id.
 */
function storeError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof AppError) return error;
  // By name (ioredis's ReplyError names itself so), which needs no ioredis loaded.
  const replied = error.name === 'ReplyError';
  if (!replied || UNAVAILABLE_REPLY.test(error.message)) {
    return new AppError('UNAVAILABLE', 'the data store does not answer; retry');
  }
  return toAppError(error);
}

/**
 * The client as the stores use it: every promise it returns (commands, scripts, a pipeline's exec)
 * rejects with `storeError`, so no method can forget the mapping. Only the stores' calls go through
 * it; ioredis' own calls (handshake, resends) see the client itself.
 */
export function mappingErrors<T extends Redis>(redis: T): T {
  const wrapExec = (pipeline: { exec: (...args: unknown[]) => Promise<unknown> }) => {
    const exec = pipeline.exec.bind(pipeline);
    pipeline.exec = (...args: unknown[]) =>
      exec(...args).catch((error: unknown) => {
        throw storeError(error);
      });
    return pipeline;
  };
  return new Proxy(redis, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            throw storeError(error);
          });
        }
        if (property === 'pipeline' || property === 'multi') {
          return wrapExec(result as { exec: (...a: unknown[]) => Promise<unknown> });
        }
        return result;
      };
    },
  });
}
