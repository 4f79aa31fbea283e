import { describe, expect, it } from 'vitest';
import { AttendanceState } from './attendance-state.ts';

describe('attendance in the embedded state', () => {
  it('writes to a snapshot and reads back the same minutes, resume points, settings and follow flags', () => {
    const state = new AttendanceState();
    expect(state.toJSON()).toBeUndefined();
    state.apply({
      t: 'attendance-record',
      marks: [
        { editionId: 'ed', sessionId: 's1', participantId: 'p1', mode: 'live', minutes: [3, 1, 3] },
        { editionId: 'ed', sessionId: 's1', participantId: 'p1', mode: 'replay', minutes: [0] },
      ],
      resumes: [{ editionId: 'ed', sessionId: 's1', participantId: 'p1', positionSeconds: 42 }],
    });
    state.apply({
      t: 'attendance-settings',
      editionId: 'ed',
      settings: { organizerName: 'A', wording: 'W', signatory: '' },
    });
    state.apply({ t: 'attendance-follow', sessionId: 's1', follow: true });
    const copy = new AttendanceState();
    copy.load(JSON.parse(JSON.stringify(state.toJSON())));
    expect(copy.listEdition('ed')).toEqual([
      { sessionId: 's1', participantId: 'p1', live: [1, 3], replay: [0], resumeAtSeconds: 42 },
    ]);
    expect(copy.getSettings('ed').organizerName).toBe('A');
    expect(copy.follows('s1')).toBe(true);
    expect(copy.apply({ t: 'attendance-erase', editionId: 'ed', participantId: 'p1' })).toBe(1);
    expect(copy.listEdition('ed')).toEqual([]);
  });
});
