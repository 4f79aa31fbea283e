import type { Redis } from 'ioredis';
import {
  bySessionId,
  MAX_SCREEN_ENTRIES,
  type ScreenEntry,
  type SessionVideoRecord,
  type WatchStore,
} from '../../modules/watch/watch.store.ts';
import { watchRefusals } from '../../modules/watch/watch.rules.ts';
import { putRevised } from './optimistic-write.ts';
import type { ScriptRunner } from './script-runner.ts';

// A bounded append stays a script: screen changes of one session may come in bursts from several
// moderators, and a compare-and-set on the list's length would make each conflict with the others.
const RECORD_SCREEN = `
local key, json, max = KEYS[1], ARGV[1], tonumber(ARGV[2])
if redis.call('LLEN', key) >= max then return 0 end
redis.call('RPUSH', key, json)
return 1`;

type Commands = { agoraWatchScreen: (...args: (string | number)[]) => Promise<unknown> };

/**
 * The watch part of the Redis store, on the store's own connection and prefix, in the edition-wide
 * slot (`<prefix>{g}:`, key-layout.ts; a session's existence is read from the owners index there):
 *   watch:video:<session id>          string  the session's video record (JSON)
 *   watch:edition:<id>:videos         set     session ids with a video record
 *   watch:screens:<session id>        list    screen entries (JSON), in order
 * A video is written by its revision with the generic compare-and-set (`putRevised`).
 */
export class RedisWatchStore implements WatchStore {
  private readonly redis: Redis & Commands;

  constructor(private readonly scripts: ScriptRunner) {
    const redis: Redis = scripts.redis;
    redis.defineCommand('agoraWatchScreen', { numberOfKeys: 1, lua: RECORD_SCREEN });
    this.redis = redis as Redis & Commands;
  }

  private key(...parts: string[]): string {
    return this.scripts.key('watch', ...parts);
  }

  async putVideo(video: SessionVideoRecord, expectedRev: number): Promise<SessionVideoRecord> {
    const json = JSON.stringify(video);
    await putRevised(
      this.scripts,
      {
        anchor: this.scripts.keys.globalAnchor,
        owner: ['HEXISTS', this.scripts.key('owners'), `s:${video.sessionId}`],
        key: this.key('video', video.sessionId),
        json,
        expectedRev,
        index: [this.key('edition', video.editionId, 'videos'), video.sessionId],
      },
      { missing: () => watchRefusals.notFound('session'), stale: watchRefusals.stale },
    );
    return JSON.parse(json) as SessionVideoRecord;
  }
  async getVideo(sessionId: string): Promise<SessionVideoRecord | null> {
    const json = await this.scripts.redis.get(this.key('video', sessionId));
    return json ? (JSON.parse(json) as SessionVideoRecord) : null;
  }
  async listVideos(editionId: string): Promise<SessionVideoRecord[]> {
    const ids = await this.scripts.redis.smembers(this.key('edition', editionId, 'videos'));
    if (ids.length === 0) return [];
    const jsons = await this.scripts.redis.mget(ids.map((id) => this.key('video', id)));
    return jsons
      .filter((j): j is string => j !== null)
      .map((j) => JSON.parse(j) as SessionVideoRecord)
      .sort(bySessionId);
  }
  async recordScreen(entry: ScreenEntry): Promise<void> {
    await this.redis.agoraWatchScreen(
      this.key('screens', entry.sessionId),
      JSON.stringify(entry),
      MAX_SCREEN_ENTRIES,
    );
  }
  async listScreens(sessionId: string): Promise<ScreenEntry[]> {
    const all = await this.scripts.redis.lrange(this.key('screens', sessionId), 0, -1);
    return all.map((j) => JSON.parse(j) as ScreenEntry);
  }
  async clearScreens(sessionId: string): Promise<void> {
    await this.scripts.redis.del(this.key('screens', sessionId));
  }
}
