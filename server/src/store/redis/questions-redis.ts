import type { ScreenItem } from '@agora/shared';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  QuestionStore,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import { LIVE_FIELDS, liveOf, toRecord, toScreen, type RawView } from './question-records.ts';
import { RedisQuestionWrites } from './question-writes.ts';
import type { ScriptRunner } from './script-runner.ts';

/**
 * sessionId, seq, onScreenId ('' for none), pending, view on screen (empty when none), changed views,
 * screen kind and id ('' for none), whether the screen moved (1/0), whether a poll on screen is split
 * ('1'/'0'; absent in replies recorded before the split).
 */
type RawChange = [string, number, string, number, RawView | [], RawView[], string, string, number, string?];

function toChange([
  sessionId,
  seq,
  onScreenId,
  pending,
  onView,
  views,
  screenKind,
  screenId,
  screenChanged,
  screenSplit,
]: RawChange): QuestionChange {
  return {
    sessionId,
    seq,
    changed: views.map(toRecord),
    live: {
      seq,
      onScreenId: onScreenId || null,
      pending,
      screen: toScreen(screenKind, screenId, screenSplit),
    },
    onScreen: onView.length === 0 ? null : toRecord(onView as RawView),
    screenChanged: screenChanged === 1,
  };
}

/**
 * The questions part of the Redis store. Here the reads of questions and their two hot writes, asks
 * and upvotes: one script each (scripts.ts), which apply questions.rules.ts' checks and refuse by a
 * rule's name; and the privacy operations (privacy-scripts.ts). Moderation, edits, merges and the
 * screen are decided in TypeScript and committed by compare-and-set, in the base class
 * (question-writes.ts, a file of its own for its size).
 */
export class RedisQuestionStore extends RedisQuestionWrites implements QuestionStore {
  constructor(private readonly scripts: ScriptRunner) {
    super(scripts.redis, scripts.prefix, scripts.ttlSeconds);
  }

  setOnScreen(input: { sessionId: string; questionId: string | null; at: number }): Promise<QuestionChange> {
    const item: ScreenItem | null = input.questionId ? { kind: 'question', id: input.questionId } : null;
    return this.setScreen({ sessionId: input.sessionId, item, at: input.at });
  }

  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.scripts.run<number>('agoraAnonymiseAuthor', editionId, authorId);
  }

  wipeQuestions(editionId: string): Promise<number> {
    return this.scripts.once<number>('agoraWipeQuestions', editionId);
  }

  async getLive(sessionId: string): Promise<SessionLive> {
    return liveOf(
      await this.scripts.redis.hmget(this.scripts.key('session', sessionId, 'live'), ...LIVE_FIELDS),
    );
  }

  async listQuestions(sessionId: string): Promise<QuestionRecord[]> {
    return (await this.scripts.run<RawView[]>('agoraListQuestions', sessionId)).map(toRecord);
  }

  async getQuestion(id: string): Promise<QuestionRecord | null> {
    const raw = await this.scripts.run<RawView | []>('agoraGetQuestion', id);
    return raw.length === 0 ? null : toRecord(raw as RawView);
  }

  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    return this.scripts.run<string[]>('agoraListUpvoted', sessionId, voterId);
  }

  async askQuestion(
    q: NewQuestion,
  ): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    const [change, view, created] = await this.scripts.once<[RawChange, RawView, number]>(
      'agoraAsk',
      q.id,
      q.sessionId,
      q.authorId,
      q.clientId,
      q.text,
      q.anonymous ? '1' : '0',
      q.authorName,
      q.authorMode,
      q.at,
    );
    const question = toRecord(view);
    return { ...toChange(change), question, created: created === 1 };
  }

  async setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }> {
    const [change, view, upvoted] = await this.scripts.run<[RawChange, RawView, number]>(
      'agoraUpvote',
      input.questionId,
      input.voterId,
      input.up ? '1' : '0',
    );
    const question = toRecord(view);
    return { ...toChange(change), question, upvoted: upvoted === 1 };
  }
}
