import { rmSync } from 'node:fs';
import { afterEach, beforeEach } from 'vitest';
import type { PollDraft } from '@agora/shared';
import type { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';
import type { Principal } from '../../server/src/modules/identity/principal.ts';
import { InteractionsService } from '../../server/src/modules/interactions/interactions.service.ts';
import { InteractionLifecycle } from '../../server/src/modules/interactions/lifecycle.ts';
import { ResultsFanout } from '../../server/src/modules/interactions/results-fanout.ts';
import { LiveSessionService } from '../../server/src/modules/live/live-session.service.ts';
import { SessionJoinService } from '../../server/src/modules/live/session-join.service.ts';
import { PollsService } from '../../server/src/modules/polls/polls.service.ts';
import { PresenceCountsPublisher } from '../../server/src/modules/presence-counts.ts';
import type { PresenceCounts } from '../../server/src/modules/presence.ts';
import { QaFanout } from '../../server/src/modules/questions/qa-fanout.ts';
import { QuestionsService } from '../../server/src/modules/questions/questions.service.ts';
import { BlockedWords } from '../../server/src/modules/wordcloud/blocked-words.ts';
import { WordCloudService } from '../../server/src/modules/wordcloud/wordcloud.service.ts';
import { FakeScheduler } from './fake-scheduler.ts';
import { openSeededStore, principal, RecordingBroadcaster } from './service-fixtures.ts';

export const mod = principal('moderator', 'mod');
export const hall = (id: string) => principal('participant', id, { attendance: 'onsite' });
export const home = (id: string) => principal('participant', id, { attendance: 'remote' });
export const screen = principal('projector', 'screen', { room: 'Amphi' });

export const choice: PollDraft = {
  question: 'La coopération, c’est…',
  kind: 'single',
  options: ['Facile', 'Difficile', 'Indispensable'],
  maxChoices: 1,
  visibility: 'live',
};

/** The poll, word-cloud and join services composed as `app.ts` composes them. */
function compose(
  store: EmbeddedStore,
  bus: RecordingBroadcaster,
  time: FakeScheduler,
  f: { questions: QuestionsService; presence: PresenceCounts },
) {
  const logger = { error: (obj: unknown) => console.error(obj) };
  const results = new ResultsFanout({ store: store.interactions, bus, scheduler: time, logger });
  const lifecycle = new InteractionLifecycle({ store, bus, clock: time, scheduler: time, results, logger });
  return {
    results,
    lifecycle,
    polls: new PollsService({ store, clock: time, lifecycle, results }),
    clouds: new WordCloudService({ store, clock: time, lifecycle, results, blocked: new BlockedWords() }),
    join: new SessionJoinService({
      store,
      questions: f.questions,
      interactions: new InteractionsService({ store: store.interactions }),
      clock: time,
      presence: { connected: async () => f.presence },
      // No player reports here: no viewer measured, the stored follow flag as it is.
      delay: {
        figures: async (sessionId) => ({
          sessionId,
          viewers: 0,
          medianSeconds: null,
          p90Seconds: null,
          follow: await store.attendance.follows(sessionId),
        }),
      },
    }),
    presenceCounts: new PresenceCountsPublisher({ connected: async () => f.presence }, bus, time, logger),
  };
}

export interface Fixture extends ReturnType<typeof compose> {
  dir: string;
  store: EmbeddedStore;
  bus: RecordingBroadcaster;
  time: FakeScheduler;
  qa: QaFanout;
  live: LiveSessionService;
  questions: QuestionsService;
  /** What the presence reports: tests set it. */
  presence: PresenceCounts;
  /** A fresh client id. */
  cid(): string;
  /** Stops every service and composes them again on the same store, as a restarted node (then `start`). */
  restart(): Promise<void>;
  /** Moves time on, then lets the broadcasts that the due timers started finish their reads. */
  tick(ms: number): Promise<void>;
  vote(
    who: Principal,
    pollId: string,
    choices: string[],
    clientId?: string,
  ): ReturnType<PollsService['vote']>;
  send(
    who: Principal,
    cloudId: string,
    text: string,
    clientId?: string,
  ): ReturnType<WordCloudService['submit']>;
  openPoll(draft?: PollDraft, sessionId?: string): ReturnType<PollsService['open']>;
  openCloud(visibility?: 'live' | 'hidden'): ReturnType<WordCloudService['open']>;
}

function stopAll(f: Fixture): void {
  f.lifecycle.stop();
  f.results.stop();
  f.presenceCounts.stop();
}

/**
 * Registers a fresh seeded store, recording broadcaster and fake scheduler per test (plenary `plen`
 * with a 30 s remote delay) and the services on them; the returned object is filled before each test.
 */
export function useInteractions(): Fixture {
  const f = {} as Fixture;
  let n = 0;
  beforeEach(async () => {
    const { dir, store } = await openSeededStore('agora-interactions-', { remoteDelaySeconds: 30 });
    const bus = new RecordingBroadcaster();
    const time = new FakeScheduler();
    const qa = new QaFanout(bus, time);
    const live = new LiveSessionService({ store, bus, clock: time, qa });
    Object.assign(f, {
      dir,
      store,
      bus,
      time,
      presence: { onsite: 0, remote: 0 },
      qa,
      live,
      questions: new QuestionsService({ store, clock: time, qa, live }),
      cid: () => `client-${(n += 1)}-xyz`,
      async restart() {
        stopAll(f);
        Object.assign(f, compose(store, bus, time, f));
        await f.lifecycle.start();
      },
      async tick(ms: number) {
        time.advance(ms);
        await new Promise((resolve) => setImmediate(resolve));
      },
      vote: (who: Principal, pollId: string, choices: string[], clientId = f.cid()) =>
        f.polls.vote(who, { pollId, clientId, choices }, time.now()),
      send: (who: Principal, cloudId: string, text: string, clientId = f.cid()) =>
        f.clouds.submit(who, { cloudId, clientId, text }, time.now()),
      async openPoll(draft: PollDraft = choice, sessionId = 'plen') {
        const poll = await f.polls.create(mod, { sessionId, draft });
        return f.polls.open(mod, poll.id);
      },
      async openCloud(visibility: 'live' | 'hidden' = 'live') {
        const cloud = await f.clouds.create(mod, {
          sessionId: 'plen',
          draft: { prompt: 'En un mot ?', maxWordsPerParticipant: 3, maxLength: 30, visibility },
        });
        return f.clouds.open(mod, cloud.id);
      },
    });
    Object.assign(f, compose(store, bus, time, f));
    await f.lifecycle.start();
  });
  afterEach(async () => {
    stopAll(f);
    f.qa.stop();
    await f.store.close();
    rmSync(f.dir, { recursive: true, force: true });
  });
  return f;
}
