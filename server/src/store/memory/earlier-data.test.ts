import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_FORMAT } from './data-format.ts';
import { EmbeddedStore } from './embedded-store.ts';

/**
 * A data folder written by main at 032306a (before erasure and the go-live wipe were split by
 * feature): its journal holds `org-erase`, `org-wipe-questions` and `org-wipe-interactions`, and
 * its snapshot the state that journal left (written by that version's close). How they were made:
 * generate.ts.txt beside them.
 */
const fixture = new URL('../../../../tests/fixtures/data-dir-032306a/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('snapshot.json', fixture), 'utf8')) as unknown;

describe('a data folder written by an earlier version', () => {
  const dirs: string[] = [];
  const copy = (file: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-earlier-'));
    dirs.push(dir);
    cpSync(new URL(file, fixture), join(dir, file));
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('replays its journal to exactly the state that version had', async () => {
    const dir = copy('journal-1.jsonl');
    const store = await EmbeddedStore.open({ dataDir: dir, lock: false });
    await store.close();
    // The same state, now marked with the current data format (the fixture predates it: format 1).
    expect(JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8'))).toEqual({
      ...(expected as object),
      format: DATA_FORMAT,
    });
  });

  it('opens its snapshot: erased people gone, their questions anonymised, the wiped edition empty', async () => {
    const store = await EmbeddedStore.open({ dataDir: copy('snapshot.json'), lock: false });
    expect(await store.identity.getPrincipal('participant', 'r1')).toBeNull();
    expect((await store.identity.findCode('h1'))?.revoked).toBe(true);
    expect(await store.questions.getQuestion('q1')).toMatchObject({ authorName: '', anonymous: true });
    expect(await store.questions.getQuestion('q2')).toMatchObject({ authorName: 'Name r2', votes: 1 });
    expect(await store.questions.listQuestions('s2')).toEqual([]);
    expect((await store.interactions.pollResults('p1'))?.all.ballots).toBe(1);
    expect(await store.interactions.getPoll('p2')).toMatchObject({ status: 'draft' });
    expect(await store.organizer.getSettings('ed2')).toEqual({ rehearsal: true, purgedAt: null });
    expect(await store.organizer.findOrganizerByEmail('orga@example.org')).toMatchObject({ id: 'a1' });
    await store.close();
  });
});
