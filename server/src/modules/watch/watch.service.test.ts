import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { zonedEpoch } from '@agora/shared';
import { errorCode, openSeededStore, principal } from '../../../../tests/support/service-fixtures.ts';
import { LocalFileStore } from '../../store/files/local-file-store.ts';
import type { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { FileLinks } from '../documents/file-links.ts';
import type { ResumePoints } from './resume-points.ts';
import { WatchService } from './watch.service.ts';

// Edition `ed` is 2026-01-01 in UTC; its plenary `plen` ran 10:00–11:00 with a replay link.
const DAY = zonedEpoch('2026-01-01', 0, 'UTC');
const START = DAY + 10 * 3_600_000;
const END = START + 3_600_000;

describe('the watch service reads where each person stands through its port', () => {
  let dir = '';
  let store: EmbeddedStore;
  let watch: WatchService;
  const clock = { t: END + 1, now: () => clock.t };
  const asked: string[] = [];
  const progress = (who: string) =>
    who === 'alice'
      ? { resumeAtSeconds: 754, watchedSeconds: 1200 }
      : { resumeAtSeconds: null, watchedSeconds: 0 };
  const resume: ResumePoints = {
    resumeOf: async (sessionId, who) => {
      asked.push(`${who}:${sessionId}`);
      return progress(who);
    },
    progressOf: async (editionId, who) => {
      asked.push(`${who}@${editionId}`);
      return who === 'alice' ? new Map([['plen', progress(who)]]) : new Map();
    },
  };

  beforeEach(async () => {
    ({ dir, store } = await openSeededStore('agora-watch-', {
      startsAt: START,
      endsAt: END,
      replayUrl: 'https://www.youtube.com/watch?v=replay',
    }));
    watch = new WatchService({
      store,
      files: new LocalFileStore(join(dir, 'files')),
      links: new FileLinks(Buffer.alloc(32, 7), 60_000),
      clock,
      maxUploadBytes: 1024,
      logger: { warn: () => undefined },
      resume,
    });
    asked.length = 0;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the replay with this person’s resume point, and the catalogue with their watched time', async () => {
    const alice = principal('participant', 'alice', { attendance: 'remote' });
    expect(await watch.sessionWatch(alice, 'ed', 'plen')).toMatchObject({
      availability: 'replay',
      replay: { kind: 'youtube', url: 'https://www.youtube.com/watch?v=replay', expiresAt: null },
      resumeAtSeconds: 754,
    });
    const catalogue = await watch.catalogue(alice, 'ed');
    expect(catalogue.entries).toEqual([
      expect.objectContaining({ sessionId: 'plen', resumeAtSeconds: 754, watchedSeconds: 1200 }),
    ]);
    expect((await watch.catalogue(principal('moderator', 'bob'), 'ed')).entries[0]).toMatchObject({
      resumeAtSeconds: null,
      watchedSeconds: 0,
    });
  });

  it('asks no resume point outside the replay; refuses another edition, a projector, an unknown session', async () => {
    clock.t = START;
    expect(
      (await watch.sessionWatch(principal('participant', 'alice'), 'ed', 'plen')).resumeAtSeconds,
    ).toBeNull();
    expect(asked).toEqual([]);
    expect(
      await errorCode(
        watch.sessionWatch(principal('participant', 'eve', { editionId: 'other' }), 'ed', 'plen'),
      ),
    ).toBe('FORBIDDEN');
    expect(await errorCode(watch.sessionWatch(principal('projector', 'screen'), 'ed', 'plen'))).toBe(
      'FORBIDDEN',
    );
    expect(await errorCode(watch.sessionWatch(principal('participant', 'alice'), 'ed', 'nope'))).toBe(
      'NOT_FOUND',
    );
  });
});
