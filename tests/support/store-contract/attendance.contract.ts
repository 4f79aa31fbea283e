import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultAttendanceSettings } from '@agora/shared';
import type { AttendanceMark } from '../../../server/src/modules/attendance/attendance.store.ts';
import type { Store } from '../../../server/src/store/store.ts';
import { EDITION, SESSION, seedEdition } from './fixtures.ts';
import type { StoreFactory } from './store.contract.ts';

const mark = (
  participantId: string,
  mode: 'live' | 'replay',
  minutes: number[],
  sessionId = SESSION,
): AttendanceMark => ({ editionId: EDITION, sessionId, participantId, mode, minutes });

/** The attendance part every Store implementation must have; run against each of them. */
export function attendanceContract(name: string, factory: StoreFactory): void {
  describe(`${name} store: attendance`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await factory.open();
      await seedEdition(store);
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup();
    });

    it('merges minutes marked twice, by two tabs or two nodes, and keeps them across a restart', async () => {
      await store.attendance.record([mark('p1', 'live', [0, 1]), mark('p1', 'live', [1, 2])], []);
      await store.attendance.record([mark('p1', 'live', [2, 0]), mark('p1', 'replay', [5])], []);
      await store.attendance.record([mark('p2', 'live', [3], 'ses2')], []);
      store = await factory.reopen(store);
      expect(await store.attendance.listEdition(EDITION)).toEqual([
        { sessionId: SESSION, participantId: 'p1', live: [0, 1, 2], replay: [5], resumeAtSeconds: null },
        { sessionId: 'ses2', participantId: 'p2', live: [3], replay: [], resumeAtSeconds: null },
      ]);
      expect(await store.attendance.listEdition('other')).toEqual([]);
    });

    it('keeps the latest resume point of a person in a session', async () => {
      const resume = (positionSeconds: number) => ({
        editionId: EDITION,
        sessionId: SESSION,
        participantId: 'p1',
        positionSeconds,
      });
      await store.attendance.record([], [resume(30)]);
      await store.attendance.record([mark('p1', 'replay', [1])], [resume(95.5)]);
      store = await factory.reopen(store);
      expect(await store.attendance.listPerson(EDITION, 'p1')).toEqual([
        { sessionId: SESSION, participantId: 'p1', live: [], replay: [1], resumeAtSeconds: 95.5 },
      ]);
      expect(await store.attendance.listPerson(EDITION, 'p2')).toEqual([]);
    });

    it('erases one person’s attendance and answers how many sessions it held', async () => {
      await store.attendance.record(
        [mark('p1', 'live', [0]), mark('p1', 'replay', [0], 'ses2'), mark('p2', 'live', [0])],
        [],
      );
      expect(await store.attendance.erase(EDITION, 'p1')).toBe(2);
      expect(await store.attendance.erase(EDITION, 'p1')).toBe(0);
      store = await factory.reopen(store);
      expect((await store.attendance.listEdition(EDITION)).map((r) => r.participantId)).toEqual(['p2']);
    });

    it('stores the certificate settings and the delay-following flag', async () => {
      expect(await store.attendance.getSettings(EDITION)).toEqual(defaultAttendanceSettings);
      const settings = { organizerName: 'Asso', wording: 'Présent·e : {name}', signatory: 'La présidente' };
      await store.attendance.putSettings(EDITION, settings);
      await store.attendance.setFollow(SESSION, true);
      await store.attendance.setFollow('ses2', true);
      await store.attendance.setFollow('ses2', false);
      store = await factory.reopen(store);
      expect(await store.attendance.getSettings(EDITION)).toEqual(settings);
      expect(await store.attendance.follows(SESSION)).toBe(true);
      expect(await store.attendance.follows('ses2')).toBe(false);
    });
  });
}
