import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_SCREEN_ENTRIES,
  type SessionVideoRecord,
} from '../../../server/src/modules/watch/watch.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, rejects, seedEdition, session, SESSION } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

export const videoRecord = (
  sessionId: string,
  overrides: Partial<SessionVideoRecord> = {},
): SessionVideoRecord => ({
  sessionId,
  editionId: EDITION,
  rev: 1,
  file: {
    key: `replays/${EDITION}/${sessionId}/v1`,
    name: 'replay.webm',
    contentType: 'video/webm',
    size: 1000,
    version: 1,
  },
  videoStartOffsetSeconds: 0,
  fileIsLive: false,
  updatedAt: 1,
  ...overrides,
});

/** The watch part every Store implementation must have; run against each of them. */
export function watchContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: sessions' videos and screen histories`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('keeps a session’s video record across a restart and lists the edition’s by session', async () => {
      await store.program.putSession(session('ses0'));
      await store.watch.putVideo(videoRecord(SESSION, { videoStartOffsetSeconds: 42 }), 0);
      await store.watch.putVideo(videoRecord('ses0', { file: null, fileIsLive: true }), 0);
      store = await factory.reopen(store);
      expect((await store.watch.getVideo(SESSION))?.videoStartOffsetSeconds).toBe(42);
      expect((await store.watch.listVideos(EDITION)).map((v) => v.sessionId)).toEqual(['ses0', SESSION]);
      expect((await store.watch.getVideo('ses0'))?.file).toBeNull();
      expect(await store.watch.listVideos('other')).toEqual([]);
      expect(await store.watch.getVideo('nope')).toBeNull();
    });

    it('writes a video record only over the revision it read, and only for a session that exists', async () => {
      await store.watch.putVideo(videoRecord(SESSION), 0);
      await rejects(store.watch.putVideo(videoRecord(SESSION), 0), 'CONFLICT');
      await store.watch.putVideo(videoRecord(SESSION, { rev: 2, videoStartOffsetSeconds: 5 }), 1);
      await rejects(store.watch.putVideo(videoRecord(SESSION, { rev: 2 }), 1), 'CONFLICT');
      expect((await store.watch.getVideo(SESSION))?.videoStartOffsetSeconds).toBe(5);
      await rejects(store.watch.putVideo(videoRecord('ghost'), 0), 'NOT_FOUND');
      expect(await store.watch.getVideo('ghost')).toBeNull();
    });

    it('keeps the screen history in order across a restart, per session, until it is cleared', async () => {
      await store.watch.recordScreen({
        sessionId: SESSION,
        item: { kind: 'poll', id: 'p1', split: true },
        at: 10,
      });
      await store.watch.recordScreen({ sessionId: SESSION, item: { kind: 'question', id: 'q1' }, at: 20 });
      await store.watch.recordScreen({ sessionId: 'ses2', item: { kind: 'cloud', id: 'c1' }, at: 30 });
      store = await factory.reopen(store);
      expect(await store.watch.listScreens(SESSION)).toEqual([
        { sessionId: SESSION, item: { kind: 'poll', id: 'p1', split: true }, at: 10 },
        { sessionId: SESSION, item: { kind: 'question', id: 'q1' }, at: 20 },
      ]);
      expect((await store.watch.listScreens('ses2')).map((e) => e.at)).toEqual([30]);
      expect(await store.watch.listScreens('none')).toEqual([]);
      await store.watch.clearScreens(SESSION);
      store = await factory.reopen(store);
      expect(await store.watch.listScreens(SESSION)).toEqual([]);
      expect(await store.watch.listScreens('ses2')).toHaveLength(1);
    });

    it('puts the session’s question history on screen, durably, and no other session’s', async () => {
      const history = { kind: 'history' as const, id: SESSION };
      const shown = await store.interactions.setScreen({ sessionId: SESSION, item: history, at: 30 });
      expect(shown).toMatchObject({ screenChanged: true, live: { onScreenId: null, screen: history } });
      await store.watch.recordScreen({ sessionId: SESSION, item: history, at: 30 });
      store = await factory.reopen(store);
      expect((await store.questions.getLive(SESSION)).screen).toEqual(history);
      expect(await store.watch.listScreens(SESSION)).toEqual([{ sessionId: SESSION, item: history, at: 30 }]);
      await rejects(
        store.interactions.setScreen({ sessionId: SESSION, item: { kind: 'history', id: 'ses2' }, at: 40 }),
        'NOT_FOUND',
      );
      expect((await store.questions.getLive(SESSION)).screen).toEqual(history);
    });

    it('drops screen entries past the bound, keeping the first ones', async () => {
      await Promise.all(
        Array.from({ length: MAX_SCREEN_ENTRIES + 3 }, (_, i) =>
          store.watch.recordScreen({ sessionId: SESSION, item: { kind: 'cloud', id: `c${i}` }, at: i }),
        ),
      );
      const screens = await store.watch.listScreens(SESSION);
      expect(screens).toHaveLength(MAX_SCREEN_ENTRIES);
      expect(screens[0]?.item.id).toBe('c0');
    });
  });
}
