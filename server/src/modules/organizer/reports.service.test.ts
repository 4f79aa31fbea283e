import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultPolicy } from '@agora/shared';
import { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { ReportsService } from './reports.service.ts';

const edition = {
  id: 'ed',
  slug: 'assises',
  name: 'Assises',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};

/** 24 June 2026, 09:30:05 in Paris (UTC+2 in summer). */
const at930 = Date.UTC(2026, 5, 24, 7, 30, 5);

/** Reads the BOM-prefixed `;` CSV the service writes (no quoted separators in these fixtures). */
const rowsOf = (csv: string) =>
  csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/)
    .map((line) => line.split(';').map((cell) => cell.replace(/^"|"$/g, '').replace(/""/g, '"')));

describe('exports: times in the edition’s time zone, merged questions by number and text', () => {
  let dir: string;
  let store: EmbeddedStore;
  const clock = { now: () => at930 + 3_600_000 };
  const reports = () =>
    new ReportsService(store, { connected: async () => ({ onsite: 0, remote: 0 }) }, clock);

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agora-reports-'));
    store = await EmbeddedStore.open({ dataDir: dir });
    await store.program.putEdition(edition);
    await store.program.putSession({
      id: 's',
      editionId: 'ed',
      title: 'Ouverture',
      description: '',
      startsAt: Date.UTC(2026, 5, 24, 7, 0),
      endsAt: Date.UTC(2026, 5, 24, 8, 0),
      room: 'Amphi',
      kind: 'plenary',
      speakers: [],
      policy: defaultPolicy('plenary'),
      remoteDelaySeconds: 0,
      streamUrl: null,
      replayUrl: null,
    });
    const ask = (id: string, text: string, at: number) =>
      store.questions.askQuestion({
        id,
        sessionId: 's',
        authorId: `a-${id}`,
        clientId: `client-${id}-xx`,
        text,
        anonymous: false,
        authorName: 'Léa Moreau',
        authorMode: 'onsite',
        at,
      });
    await ask('internal-target-id', 'Quand aura lieu la prochaine édition ?', at930);
    await ask('internal-source-id', 'Et l’an prochain, où ?', at930 + 60_000);
    await store.questions.mergeQuestions({
      sourceId: 'internal-source-id',
      targetId: 'internal-target-id',
      at: at930 + 120_000,
    });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the questions table with wall-clock times of the edition’s zone, named in the header', async () => {
    const service = reports();
    const [header, first] = rowsOf(
      service.csv((await service.editionReport('assises')).sessions, 'questions'),
    );
    expect(header).toContain('posée à (Europe/Paris)');
    expect(first?.[header!.indexOf('posée à (Europe/Paris)')]).toBe('2026-06-24 09:30:05');
    const [pHeader, pFirst] = rowsOf(
      service.csv((await service.editionReport('assises')).sessions, 'participation'),
    );
    expect(pFirst?.[pHeader!.indexOf('début (Europe/Paris)')]).toBe('2026-06-24 09:00:00');
  });

  it('names the question a merged one went into by its number and text, never by its internal id', async () => {
    const service = reports();
    const csv = service.csv((await service.editionReport('assises')).sessions, 'questions');
    expect(csv).not.toContain('internal-target-id');
    const [header, ...rows] = rowsOf(csv);
    const merged = rows.find((r) => r.includes('Et l’an prochain, où ?'));
    expect(merged?.[header!.indexOf('n°')]).toBe('2');
    expect(merged?.[header!.indexOf('fusionnée dans (n°)')]).toBe('1');
    expect(merged?.[header!.indexOf('fusionnée dans (texte)')]).toBe(
      'Quand aura lieu la prochaine édition ?',
    );

    const json = await service.sessionReportOf('assises', 's');
    expect(json.timeZone).toBe('Europe/Paris');
    expect(json.questions.find((q) => q.number === 2)).toMatchObject({
      mergedIntoNumber: 1,
      mergedIntoText: 'Quand aura lieu la prochaine édition ?',
    });
  });
});
