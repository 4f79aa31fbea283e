import {
  bySessionId,
  MAX_SCREEN_ENTRIES,
  type ScreenEntry,
  type SessionVideoRecord,
  type WatchStore,
} from '../../modules/watch/watch.store.ts';
import { watchRefusals } from '../../modules/watch/watch.rules.ts';
import { optimisticWrite, putRevised } from './optimistic-write.ts';
import type { ScriptRunner } from './script-runner.ts';

/**
 * The watch part of the Redis store, on the store's own connection and prefix:
 *   watch:video:<session id>          string  the session's video record (JSON)
 *   watch:edition:<id>:videos         set     session ids with a video record
 *   watch:screens:<session id>        list    screen entries (JSON), in order
 * Its writes are compare-and-sets (optimistic-write.ts): a video by its revision, a screen entry
 * appended while the list is under its bound.
 */
export class RedisWatchStore implements WatchStore {
  constructor(private readonly scripts: ScriptRunner) {}

  private key(...parts: string[]): string {
    return this.scripts.key('watch', ...parts);
  }

  async putVideo(video: SessionVideoRecord, expectedRev: number): Promise<SessionVideoRecord> {
    const json = JSON.stringify(video);
    await putRevised(
      this.scripts,
      {
        owner: ['EXISTS', this.scripts.key('session', video.sessionId)],
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
    const key = this.key('screens', entry.sessionId);
    const { redis, prefix, ttlSeconds } = this.scripts;
    await optimisticWrite(redis, prefix, ttlSeconds, async (reads) => ({
      writes:
        Number(await reads.read(['LLEN', key])) < MAX_SCREEN_ENTRIES
          ? [['RPUSH', key, JSON.stringify(entry)]]
          : [],
      after: [],
      answer: () => undefined,
    }));
  }
  async listScreens(sessionId: string): Promise<ScreenEntry[]> {
    const all = await this.scripts.redis.lrange(this.key('screens', sessionId), 0, -1);
    return all.map((j) => JSON.parse(j) as ScreenEntry);
  }
  async clearScreens(sessionId: string): Promise<void> {
    await this.scripts.redis.del(this.key('screens', sessionId));
  }
}
