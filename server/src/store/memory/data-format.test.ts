import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATA_FORMAT, migrateOp, migrateState, NewerDataFormatError } from './data-format.ts';
import { EmbeddedStore } from './embedded-store.ts';

/** A format-1 snapshot as the versions before the shared screen wrote it: no claims, `onScreenId` only. */
const beforeTheScreen = {
  n: 3,
  state: {
    editions: [],
    sessions: [],
    live: [['s1', { seq: 4, onScreenId: 'q1', pending: 0 }]],
    principals: [],
    codes: [],
    questions: [],
  },
};

describe('data format migrations', () => {
  const dirs: string[] = [];
  const folder = () => {
    const dir = mkdtempSync(join(tmpdir(), 'agora-format-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('upgrades a format-1 state: claims default to none, the on-screen question becomes the screen', () => {
    expect(migrateState(beforeTheScreen.state, 1)).toMatchObject({
      claims: [],
      live: [['s1', { onScreenId: 'q1', screen: { kind: 'question', id: 'q1' } }]],
    });
    const current = { claims: ['demo'], live: [['s1', { onScreenId: null, screen: null }]] };
    expect(migrateState(current, DATA_FORMAT)).toBe(current);
  });

  it('keeps the operations of format 1 as they were written', () => {
    const op = { t: 'org-erase', role: 'participant', editionId: 'e', principalId: 'p' };
    expect(migrateOp(op, 1)).toEqual(op);
  });

  it('refuses data written by a newer version, saying what to do', () => {
    expect(() => migrateState({}, DATA_FORMAT + 1)).toThrow(NewerDataFormatError);
    expect(() => migrateOp({}, DATA_FORMAT + 1)).toThrow(/newer version of Agora Live.*restore a backup/);
  });

  it('opens a format-1 folder, shows its screen, and writes it anew in the current format at start', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'snapshot.json'), JSON.stringify(beforeTheScreen));
    const store = await EmbeddedStore.open({ dataDir: dir, lock: false });
    expect((await store.questions.getLive('s1')).screen).toEqual({ kind: 'question', id: 'q1' });
    // Upgraded at start, before any write: a crash now would not read format 1 again.
    const snapshot = JSON.parse(readFileSync(join(dir, 'snapshot.json'), 'utf8')) as Record<string, unknown>;
    expect(snapshot.format).toBe(DATA_FORMAT);
    expect(snapshot.n).toBe(3);
    const journal = readdirSync(dir).find((f) => f.startsWith('journal-'));
    expect(readFileSync(join(dir, journal ?? ''), 'utf8')).toBe(`{"format":${DATA_FORMAT}}\n`);
    await store.program.claimDemo();
    await store.close();
  });

  it('replays a journal whose entries follow its format header, and one with none (format 1)', async () => {
    const dir = folder();
    const edition = {
      id: 'e1',
      slug: 'e-one',
      name: 'E',
      startDate: '2026-06-24',
      endDate: '2026-06-24',
      venue: '',
      timeZone: 'Europe/Paris',
      replayUntil: '2026-12-24',
    };
    writeFileSync(
      join(dir, 'journal-1.jsonl'),
      `${JSON.stringify({ n: 1, op: { t: 'edition', edition } })}\n`,
    );
    writeFileSync(
      join(dir, 'journal-2.jsonl'),
      `{"format":${DATA_FORMAT}}\n${JSON.stringify({ n: 2, op: { t: 'claim', name: 'demo' } })}\n`,
    );
    const store = await EmbeddedStore.open({ dataDir: dir, lock: false });
    expect(await store.program.getEdition('e1')).toMatchObject({ slug: 'e-one' });
    expect(await store.program.claimDemo()).toBe(false);
    await store.close();
  });

  it('refuses to open a folder a newer version wrote, and leaves it untouched', async () => {
    const dir = folder();
    const text = JSON.stringify({ format: DATA_FORMAT + 1, n: 0, state: {} });
    writeFileSync(join(dir, 'snapshot.json'), text);
    await expect(EmbeddedStore.open({ dataDir: dir, lock: false })).rejects.toThrow(NewerDataFormatError);
    expect(readFileSync(join(dir, 'snapshot.json'), 'utf8')).toBe(text);
  });
});
