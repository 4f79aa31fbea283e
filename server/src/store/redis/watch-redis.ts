import type { Redis } from 'ioredis';
import {
  bySessionId,
  MAX_SCREEN_ENTRIES,
  type ScreenEntry,
  type SessionVideoRecord,
  type WatchStore,
} from '../../modules/watch/watch.store.ts';
import { watchRefusals } from '../../modules/watch/watch.rules.ts';

// Each write is one script, so the compare-and-set and the bounded append are atomic. They answer
// a refusal's name (`STALE`, `NO_SESSION`), which `run` turns into the rules' error: the texts
// live in watch.rules.ts only.
const PUT_VIDEO = `
local p, sid, ed, json, expected = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
if redis.call('EXISTS', p .. 'session:' .. sid) == 0 then return redis.error_reply('NO_SESSION') end
local key = p .. 'watch:video:' .. sid
local current = redis.call('GET', key)
local rev = 0
if current then rev = cjson.decode(current).rev end
if rev ~= expected then return redis.error_reply('STALE') end
redis.call('SET', key, json)
redis.call('SADD', p .. 'watch:edition:' .. ed .. ':videos', sid)
return 1`;

const RECORD_SCREEN = `
local key, json, max = ARGV[1], ARGV[2], tonumber(ARGV[3])
if redis.call('LLEN', key) >= max then return 0 end
redis.call('RPUSH', key, json)
return 1`;

const scripts = { agoraWatchPutVideo: PUT_VIDEO, agoraWatchScreen: RECORD_SCREEN } as const;
type Commands = Record<keyof typeof scripts, (...args: (string | number)[]) => Promise<unknown>>;

function refusal(error: unknown): unknown {
  const message = error instanceof Error ? error.message : '';
  if (message.includes('STALE')) return watchRefusals.stale();
  if (message.includes('NO_SESSION')) return watchRefusals.notFound('session');
  return error;
}

/**
 * The watch part of the Redis store, on the store's own connection and prefix:
 *   watch:video:<session id>          string  the session's video record (JSON)
 *   watch:edition:<id>:videos         set     session ids with a video record
 *   watch:screens:<session id>        list    screen entries (JSON), in order
 */
export class RedisWatchStore implements WatchStore {
  private readonly redis: Redis & Commands;

  constructor(
    redis: Redis,
    private readonly prefix: string,
  ) {
    for (const [name, lua] of Object.entries(scripts)) redis.defineCommand(name, { numberOfKeys: 0, lua });
    this.redis = redis as Redis & Commands;
  }

  private key(...parts: string[]): string {
    return `${this.prefix}watch:${parts.join(':')}`;
  }

  async putVideo(video: SessionVideoRecord, expectedRev: number): Promise<SessionVideoRecord> {
    const json = JSON.stringify(video);
    try {
      await this.redis.agoraWatchPutVideo(this.prefix, video.sessionId, video.editionId, json, expectedRev);
    } catch (error) {
      throw refusal(error);
    }
    return JSON.parse(json) as SessionVideoRecord;
  }
  async getVideo(sessionId: string): Promise<SessionVideoRecord | null> {
    const json = await this.redis.get(this.key('video', sessionId));
    return json ? (JSON.parse(json) as SessionVideoRecord) : null;
  }
  async listVideos(editionId: string): Promise<SessionVideoRecord[]> {
    const ids = await this.redis.smembers(this.key('edition', editionId, 'videos'));
    if (ids.length === 0) return [];
    const jsons = await this.redis.mget(ids.map((id) => this.key('video', id)));
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
    const all = await this.redis.lrange(this.key('screens', sessionId), 0, -1);
    return all.map((j) => JSON.parse(j) as ScreenEntry);
  }
  async clearScreens(sessionId: string): Promise<void> {
    await this.redis.del(this.key('screens', sessionId));
  }
}
