import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { todayIn, type AttendanceMode } from '@agora/shared';
import { newId } from '../../clock.ts';
import type { InteractionStore } from '../../interactions/interactions.store.ts';
import { pollDefinition } from '../../polls/poll-definition.ts';
import type { ProgramStore } from '../../program/program.store.ts';
import type { QuestionStore } from '../../questions/questions.store.ts';
import { normaliseWord } from '../../wordcloud/normalise.ts';
import type { WatchService } from '../watch.service.ts';
import type { WatchStore } from '../watch.store.ts';

/** The demo's test video: 60 s, 640×360, VP9/WebM, a running clock (made with ffmpeg, see docs/watch.md). */
export function demoVideo(): Buffer {
  return readFileSync(new URL('./test-clock.webm', import.meta.url));
}

type DemoStore = {
  readonly program: ProgramStore;
  readonly questions: Pick<QuestionStore, 'askQuestion' | 'moderate'>;
  readonly interactions: InteractionStore;
  readonly watch: Pick<WatchStore, 'recordScreen'>;
};

const MINUTE = 60_000;

/**
 * The demo's remote experience, whatever the hour it starts: the first plenary is live now (it
 * began 5 minutes ago, for 90 minutes) with the test video played as its stream, and the second
 * one ended an hour ago, with the same video as its replay and a timeline seeded as if it had been
 * run: a question, a poll and a cloud put on screen within the video's first minute. The video goes
 * through the organizer's upload (its checks included). Returns the ended plenary's id.
 */
export async function loadDemoWatch(
  store: DemoStore,
  watch: WatchService,
  demo: { slug: string; plenarySessionId: string },
  now: number,
): Promise<{ liveSessionId: string; replaySessionId: string }> {
  const live = await store.program.getSession(demo.plenarySessionId);
  if (!live) throw new Error('the demo has no plenary');
  const ended = (await store.program.listSessions(live.editionId)).find(
    (s) => s.kind === 'plenary' && s.id !== live.id,
  );
  if (!ended) throw new Error('the demo has only one plenary');
  const replayStart = now - 125 * MINUTE;
  await store.program.putSession({ ...live, startsAt: now - 5 * MINUTE, endsAt: now + 85 * MINUTE });
  await store.program.putSession({ ...ended, startsAt: replayStart, endsAt: now - 65 * MINUTE });
  // Started just after midnight, the ended plenary is yesterday's: the edition begins that day.
  const edition = await store.program.getEdition(live.editionId);
  if (edition) {
    const firstDay = todayIn(edition.timeZone, replayStart);
    if (firstDay < edition.startDate) await store.program.putEdition({ ...edition, startDate: firstDay });
  }

  for (const sessionId of [live.id, ended.id]) {
    await watch.uploadFile(demo.slug, sessionId, {
      filename: 'video-de-test.webm',
      file: Readable.from([demoVideo()]),
    });
  }
  await watch.updateVideo(demo.slug, live.id, { fileIsLive: true });
  await seedTimeline(store, ended.id, replayStart);
  return { liveSessionId: live.id, replaySessionId: ended.id };
}

const voters = (n: number, mode: AttendanceMode) => Array.from({ length: n }, () => ({ id: newId(), mode }));

/** What the ended plenary's moderators did, at its start + a few seconds (within the test video). */
async function seedTimeline(store: DemoStore, sessionId: string, start: number): Promise<void> {
  const at = (seconds: number) => start + seconds * 1000;
  const show = async (item: Parameters<WatchStore['recordScreen']>[0]['item'], seconds: number) => {
    await store.interactions.setScreen({ sessionId, item, at: at(seconds) });
    await store.watch.recordScreen({ sessionId, item, at: at(seconds) });
  };

  const questionId = newId();
  await store.questions.askQuestion({
    id: questionId,
    sessionId,
    authorId: newId(),
    clientId: newId(),
    text: 'Comment associer les familles aux instances de coordination ?',
    anonymous: true,
    authorName: '',
    authorMode: 'remote',
    at: at(5),
  });
  await store.questions.moderate({ questionId, action: 'approve', at: at(8) });
  await show({ kind: 'question', id: questionId }, 10);

  const pollId = newId();
  await store.interactions.createPoll({
    id: pollId,
    sessionId,
    definition: pollDefinition({
      question: 'Votre territoire a-t-il une instance de coordination ?',
      kind: 'single',
      options: ['Oui, elle fonctionne', 'Oui, sur le papier', 'Non', 'Je ne sais pas'],
      maxChoices: 1,
      visibility: 'live',
    }),
    at: at(1),
  });
  await store.interactions.openInteraction({ kind: 'poll', id: pollId }, at(20));
  await show({ kind: 'poll', id: pollId, split: true }, 21);
  const choices = ['o1', 'o2', 'o2', 'o3', 'o1', 'o2', 'o4'];
  for (const [i, voter] of [...voters(7, 'onsite'), ...voters(7, 'remote')].entries()) {
    const choice = choices[(i * 3) % choices.length] ?? 'o1';
    await store.interactions.castBallot({
      pollId,
      voterId: voter.id,
      mode: voter.mode,
      clientId: newId(),
      choices: [choice],
      at: at(25),
    });
  }
  await store.interactions.closeInteraction({ kind: 'poll', id: pollId }, at(32));
  await store.interactions.finalizeInteraction({ kind: 'poll', id: pollId }, at(34));

  const cloudId = newId();
  await store.interactions.createCloud({
    id: cloudId,
    sessionId,
    definition: {
      prompt: 'En un mot, coopérer c’est…',
      maxWordsPerParticipant: 3,
      maxLength: 30,
      visibility: 'live',
    },
    at: at(1),
  });
  await store.interactions.openInteraction({ kind: 'cloud', id: cloudId }, at(40));
  await show({ kind: 'cloud', id: cloudId }, 41);
  const words = ['confiance', 'écoute', 'confiance', 'temps', 'partage', 'confiance', 'écoute', 'réseau'];
  for (const [i, text] of words.entries()) {
    const normalised = normaliseWord(text);
    if (!normalised) continue;
    await store.interactions.submitWord({
      cloudId,
      participantId: newId(),
      mode: i % 2 === 0 ? 'onsite' : 'remote',
      clientId: newId(),
      text: normalised.display,
      key: normalised.key,
      blocked: false,
      at: at(45),
    });
  }
  await store.interactions.closeInteraction({ kind: 'cloud', id: cloudId }, at(52));
  await store.interactions.finalizeInteraction({ kind: 'cloud', id: cloudId }, at(54));
  await store.interactions.setScreen({ sessionId, item: null, at: at(58) });
}
