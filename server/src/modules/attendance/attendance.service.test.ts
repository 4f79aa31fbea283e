import { rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WatchBeat } from '@agora/shared';
import { FakeScheduler } from '../../../../tests/support/fake-scheduler.ts';
import { pdfPages } from '../../../../tests/support/pdf-text.ts';
import {
  RecordingBroadcaster,
  errorCode,
  openSeededStore,
  principal,
} from '../../../../tests/support/service-fixtures.ts';
import type { EmbeddedStore } from '../../store/memory/embedded-store.ts';
import { LiveSessionService } from '../live/live-session.service.ts';
import { QaFanout } from '../questions/qa-fanout.ts';
import { rooms } from '../rooms.ts';
import { AttendanceRecorder, FLUSH_MS, PRESENCE_TICK_MS } from './attendance-recorder.ts';
import { AttendanceReportService } from './attendance-report.service.ts';
import { AttendanceService } from './attendance.service.ts';
import { BeatLimiter } from './beat-limiter.ts';
import { MemoryDelayBoard } from './delay-board.ts';
import { DELAY_PUBLISH_MS, MeasuredDelayService } from './measured-delay.service.ts';

const MIN = 60_000;
const START = 1_000_000;

describe('attendance service', () => {
  let dir: string;
  let store: EmbeddedStore;
  let clock: FakeScheduler;
  let bus: RecordingBroadcaster;
  let service: AttendanceService;
  let delay: MeasuredDelayService;
  let recorder: AttendanceRecorder;
  let reports: AttendanceReportService;

  beforeEach(async () => {
    ({ dir, store } = await openSeededStore('agora-att-', {
      startsAt: START,
      endsAt: START + 60 * MIN,
      replayUrl: 'https://video.example.org/plen.mp4',
    }));
    clock = new FakeScheduler(START);
    bus = new RecordingBroadcaster();
    const live = new LiveSessionService({ store, bus, clock, qa: new QaFanout(bus, clock) });
    const logger = { error: (obj: unknown) => console.error(obj) };
    delay = new MeasuredDelayService({
      store,
      board: new MemoryDelayBoard(),
      bus,
      clock,
      scheduler: clock,
      live,
      logger,
    });
    recorder = new AttendanceRecorder({ store, clock, scheduler: clock, logger });
    service = new AttendanceService({ store, clock, recorder, limiter: new BeatLimiter(), delay });
    reports = new AttendanceReportService({ store, clock });
    for (const id of ['p1', 'p2']) {
      await store.identity.putRegistrant({
        id,
        editionId: 'ed',
        name: `Personne ${id}`,
        email: `${id}@x.fr`,
        organisation: 'Org',
        attendance: 'remote',
      });
    }
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const beat = (more: Partial<WatchBeat> = {}): WatchBeat => ({
    sessionId: 'plen',
    tabId: 'tab-1',
    mode: 'live',
    positionSeconds: 0,
    behindLiveSeconds: null,
    playing: true,
    ...more,
  });

  /** Lets the pending write's timer be set (the store's reads come first), then runs it. */
  async function flush(): Promise<void> {
    for (let i = 0; i < 20 && clock.pendingCount === 0; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    clock.advance(FLUSH_MS);
  }

  /** Sends a beat and lets the group commit run; answers the ack. */
  async function send(who: string, input: WatchBeat, role: 'participant' | 'moderator' = 'participant') {
    const answer = service.beat(principal(role, who), input);
    await flush();
    return answer;
  }

  const minutes = async () =>
    (await reports.report('ed')).people.map((p) => [p.participantId, p.liveMinutes, p.replayMinutes]);

  it('counts one beat per tab every 30 s, and a person’s two tabs as one', async () => {
    expect(await send('p1', beat())).toEqual({ counted: true });
    expect(await send('p1', beat())).toEqual({ counted: false });
    expect(await send('p1', beat({ tabId: 'tab-2' }))).toEqual({ counted: true });
    clock.advance(30_000);
    expect(await send('p1', beat())).toEqual({ counted: true });
    expect(await send('p1', beat({ tabId: 'tab-2' }))).toEqual({ counted: true });
    clock.advance(30_000);
    expect(await send('p1', beat())).toEqual({ counted: true });
    expect(await minutes()).toEqual([
      ['p1', 2, 0],
      ['p2', 0, 0],
    ]);
  });

  it('acknowledges a counted beat only once its minute is in the store', async () => {
    let acked = false;
    const answer = service.beat(principal('participant', 'p1'), beat()).then((a) => {
      acked = true;
      return a;
    });
    for (let i = 0; i < 20 && clock.pendingCount === 0; i += 1) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(acked).toBe(false);
    expect(await store.attendance.listEdition('ed')).toEqual([]);
    clock.advance(FLUSH_MS);
    expect(await answer).toEqual({ counted: true });
    expect((await store.attendance.listEdition('ed'))[0]?.live).toEqual([0]);
  });

  it('answers a beat whose minute this node already wrote at once, without another write', async () => {
    expect(await send('p1', beat())).toEqual({ counted: true });
    const again = service.beat(principal('participant', 'p1'), beat({ tabId: 'tab-2' }));
    expect(await again).toEqual({ counted: true });
    expect(clock.pendingCount).toBe(0);
    clock.advance(60_000);
    await send('p1', beat());
    expect((await store.attendance.listEdition('ed'))[0]?.live).toEqual([0, 1]);
  });

  it('counts replay minutes watched once, keeps the resume point, and refuses other editions and screens', async () => {
    clock.advance(61 * MIN);
    for (const positionSeconds of [30, 60, 90, 60, 90]) {
      await send('p2', beat({ mode: 'replay', positionSeconds }));
      clock.advance(30_000);
    }
    await send('p2', beat({ mode: 'replay', positionSeconds: 600, playing: false }));
    expect(await minutes()).toEqual([
      ['p1', 0, 0],
      ['p2', 0, 2],
    ]);
    expect(await service.resumeOf('plen', 'p2')).toEqual({ resumeAtSeconds: 600, watchedSeconds: 120 });
    expect((await service.progressOf('ed', 'p2')).get('plen')?.resumeAtSeconds).toBe(600);
    expect(await errorCode(service.beat(principal('participant', 'x', { editionId: 'other' }), beat()))).toBe(
      'NOT_FOUND',
    );
    expect(await errorCode(service.beat(principal('projector', 'screen'), beat()))).toBe('FORBIDDEN');
  });

  it('counts a replay at one player’s pace, however many tabs a person sends beats from', async () => {
    clock.advance(61 * MIN);
    // A script claiming the whole hour at once, each beat from a new tab.
    for (let m = 0; m < 60; m += 1) {
      await send('p2', beat({ mode: 'replay', tabId: `tab-${m}`, positionSeconds: m * 60 + 30 }));
    }
    expect(await minutes()).toEqual([
      ['p1', 0, 0],
      ['p2', 0, 1],
    ]);
    clock.advance(30_000);
    expect(await send('p2', beat({ mode: 'replay', tabId: 'tab-x', positionSeconds: 90 }))).toEqual({
      counted: true,
    });
  });

  it('marks no replay minutes of a session that has no replay', async () => {
    await store.program.putSession({
      ...(await store.program.getSession('work'))!,
      startsAt: START,
      endsAt: START + 60 * MIN,
    });
    clock.advance(61 * MIN);
    await send('p1', beat({ sessionId: 'work', mode: 'replay', positionSeconds: 30 }));
    expect(await store.attendance.listEdition('ed')).toEqual([]);
  });

  it('marks the live minutes of people connected to the room, merged with their beats', async () => {
    const present = [{ sessionId: 'plen', participantId: 'p1' }];
    // Ticks at 0, 20 … 140 s mark minutes 0 to 2; the beat at 160 s marks minute 2 again.
    for (let i = 0; i < 8; i += 1) {
      const tick = recorder.tick({ present: () => present });
      await flush();
      await tick;
      clock.advance(PRESENCE_TICK_MS - FLUSH_MS);
    }
    await send('p1', beat());
    expect(await minutes()).toEqual([
      ['p1', 3, 0],
      ['p2', 0, 0],
    ]);
  });

  it('sends moderators the viewers’ delay when it changes, and moves a following window to its p90', async () => {
    bus.sizes.set(rooms.moderation('plen'), 1);
    for (const [who, behind] of [
      ['p1', 4],
      ['p2', 6],
      ['m1', 20],
    ] as const) {
      await send(who, beat({ behindLiveSeconds: behind }), who === 'm1' ? 'moderator' : 'participant');
    }
    await delay.tick();
    await delay.tick();
    const sent = bus.of(rooms.moderation('plen'), 'delay:measured');
    expect(sent).toEqual([
      { sessionId: 'plen', viewers: 3, medianSeconds: 6, p90Seconds: 20, follow: false },
    ]);
    expect(
      await errorCode(delay.setFollow(principal('participant', 'p1'), { sessionId: 'plen', follow: true })),
    ).toBe('FORBIDDEN');
    const figures = await delay.setFollow(principal('moderator', 'm1'), { sessionId: 'plen', follow: true });
    expect(figures.follow).toBe(true);
    expect((await store.program.getSession('plen'))?.remoteDelaySeconds).toBe(20);
    expect(bus.of(rooms.audience('plen'), 'live:state').at(-1)).toMatchObject({ remoteDelaySeconds: 20 });
    clock.advance(DELAY_PUBLISH_MS);
    expect(await store.attendance.follows('plen')).toBe(true);
  });

  it('writes a certificate naming the sessions attended, provisional until the edition ends', async () => {
    await send('p1', beat());
    await store.attendance.putSettings('ed', {
      organizerName: 'Association Agora',
      wording: 'Nous attestons que {name} a suivi {edition}.',
      signatory: 'La présidente',
    });
    const pdf = await reports.myCertificate(principal('participant', 'p1', { name: 'Personne p1' }), 'ed');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [page] = await pdfPages(pdf);
    expect(page).toContain('Attestation de présence');
    expect(page).toContain('Plénière');
    expect(page).not.toContain('Atelier');
    expect(page).toContain('Nous attestons que Personne p1 a suivi Ed.');
    expect(page).toContain('Association Agora');
    expect(page).toContain('PROVISOIRE');
    clock.t = Date.UTC(2026, 0, 2);
    const all = await pdfPages(await reports.certificates('ed'));
    expect(all).toHaveLength(1);
    expect(all[0]).toContain('Plénière');
    expect(all[0]).not.toContain('PROVISOIRE');
    expect(await errorCode(reports.myCertificate(principal('moderator', 'm1'), 'ed'))).toBe('FORBIDDEN');
  });

  it('exports the report as CSV for French spreadsheets', async () => {
    await send('p1', beat());
    const report = await reports.report('ed');
    const people = reports.csv(report, 'people');
    expect(people.startsWith('\uFEFFNom;Email;Organisme;Participation;Session;Début;Minutes en direct')).toBe(
      true,
    );
    expect(people).toContain('Personne p1;p1@x.fr;Org;à distance;Plénière;');
    expect(reports.csv(report, 'sessions')).toContain('Plénière;');
  });
});
