import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { interactionScripts } from './interaction-scripts.ts';
import { organizerScripts } from './organizer-scripts.ts';
import { privacyScripts } from './privacy-scripts.ts';
import { scripts } from './scripts.ts';

/** Every Lua script of the Redis store, by name: each feature's table, defined once on the connection. */
const allScripts = { ...scripts, ...interactionScripts, ...organizerScripts, ...privacyScripts };

export type AnyScriptName = keyof typeof allScripts;

type ScriptCommands = Record<AnyScriptName, (...args: (string | number)[]) => Promise<unknown>>;

/**
 * Runs the store's scripts with the key prefix (every script takes it as ARGV[1]); refusals arrive
 * as AppErrors (the client maps errors, see `mappingErrors`). Shared by every Redis store part.
 */
export class ScriptRunner {
  readonly redis: Redis & ScriptCommands;

  constructor(
    redis: Redis,
    readonly prefix: string,
    /** How long the reply of a non-idempotent write is kept to answer a re-sent command (seconds). */
    readonly ttlSeconds: number,
  ) {
    for (const [name, lua] of Object.entries(allScripts)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    this.redis = redis as Redis & ScriptCommands;
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async run<T>(name: AnyScriptName, ...args: (string | number)[]): Promise<T> {
    return (await this.redis[name](this.prefix, ...args)) as T;
  }

  /** A write that is not idempotent by itself: tagged so that a re-sent command is answered, not re-applied. */
  once<T>(name: AnyScriptName, ...args: (string | number)[]): Promise<T> {
    return this.run<T>(name, randomUUID(), this.ttlSeconds, ...args);
  }
}
