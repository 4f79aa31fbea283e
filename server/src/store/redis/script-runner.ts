import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KeyLayout, OwnerIndex } from './key-layout.ts';
import { interactionScripts } from './interaction-scripts.ts';
import { organizerScripts } from './organizer-scripts.ts';
import { privacyScripts } from './privacy-scripts.ts';
import { scripts } from './scripts.ts';

/** Every Lua script of the Redis store, by name: each feature's table, defined once on the connection. */
const allScripts = { ...scripts, ...interactionScripts, ...organizerScripts, ...privacyScripts };

export type AnyScriptName = keyof typeof allScripts;

type ScriptCommands = Record<AnyScriptName, (...args: (string | number)[]) => Promise<unknown>>;

/**
 * Runs the store's scripts with the key prefix (every script takes it as ARGV[1]) and its slot's
 * anchor as KEYS[1] (key-layout.ts: Redis Cluster routes a script by its declared key, and every key
 * a script touches is in that key's slot); refusals arrive as AppErrors (the client maps errors, see
 * `mappingErrors`). Shared by every Redis store part.
 */
export class ScriptRunner {
  readonly redis: Redis & ScriptCommands;
  readonly keys: KeyLayout;
  readonly owners: OwnerIndex;

  constructor(
    redis: Redis,
    readonly prefix: string,
    /** How long the reply of a non-idempotent write is kept to answer a re-sent command (seconds). */
    readonly ttlSeconds: number,
  ) {
    for (const [name, lua] of Object.entries(allScripts)) redis.defineCommand(name, { numberOfKeys: 1, lua });
    this.redis = redis as Redis & ScriptCommands;
    this.keys = new KeyLayout(prefix);
    this.owners = new OwnerIndex(redis, this.keys);
  }

  /** A key of the edition-wide slot (`KeyLayout.global`). */
  key(...parts: string[]): string {
    return this.keys.global(...parts);
  }

  /** A script of the edition-wide slot. */
  global<T>(name: AnyScriptName, ...args: (string | number)[]): Promise<T> {
    return this.run<T>(name, this.keys.globalAnchor, ...args);
  }

  /** A script of the session's slot. */
  inSession<T>(name: AnyScriptName, sessionId: string, ...args: (string | number)[]): Promise<T> {
    return this.run<T>(name, this.keys.sessionAnchor(sessionId), ...args);
  }

  /** A write of the session's slot that is not idempotent by itself: tagged so that a re-sent command is answered, not re-applied. */
  onceInSession<T>(name: AnyScriptName, sessionId: string, ...args: (string | number)[]): Promise<T> {
    return this.run<T>(name, this.keys.sessionAnchor(sessionId), randomUUID(), this.ttlSeconds, ...args);
  }

  private async run<T>(name: AnyScriptName, anchor: string, ...args: (string | number)[]): Promise<T> {
    return (await this.redis[name](anchor, this.prefix, ...args)) as T;
  }
}
