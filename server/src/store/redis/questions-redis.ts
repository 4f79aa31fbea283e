import type { Admission, ScreenItem } from '@agora/shared';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  QuestionStore,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import { refusals } from '../../modules/questions/questions.rules.ts';
import { isNotFound } from './question-writes.ts';
import { LIVE_FIELDS, liveOf, toRecord, toScreen, type RawView } from './question-records.ts';
import { RedisQuestionWrites } from './question-writes.ts';
import { toAppError } from './redis-errors.ts';
import type { ScriptRunner } from './script-runner.ts';
import { SessionBatch, type Settled } from './session-batch.ts';

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
 * (two scripts: the edition-wide indexes, then the session) and upvotes (one script, in the session
 * the owners index names, which also checks the voter's admission; a node's upvotes of one turn in
 * one run), which apply questions.rules.ts' checks and refuse by a rule's name; and the privacy
 * operations (privacy-scripts.ts). Moderation, edits, merges and the
 * screen are decided in TypeScript and committed by compare-and-set, in the base class
 * (question-writes.ts, a file of its own for its size).
 */
export class RedisQuestionStore extends RedisQuestionWrites implements QuestionStore {
  private readonly upvotes = upvoteBatch(this.scripts);

  setOnScreen(input: { sessionId: string; questionId: string | null; at: number }): Promise<QuestionChange> {
    const item: ScreenItem | null = input.questionId ? { kind: 'question', id: input.questionId } : null;
    return this.setScreen({ sessionId: input.sessionId, item, at: input.at });
  }

  /** One script per session of the edition (each in its slot). */
  async anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    let count = 0;
    for (const sid of await this.editionSessions(editionId))
      count += await this.scripts.inSession<number>('agoraAnonymiseAuthor', sid, sid, authorId);
    return count;
  }

  /**
   * One script per session of the edition (atomic per session, as the interactions' wipe), then the
   * deleted questions' entries out of their authors' indexes (another slot; an entry left by a stop
   * in between names a question that is gone, which an ask treats as never asked).
   */
  async wipeQuestions(editionId: string): Promise<number> {
    let count = 0;
    for (const sid of await this.editionSessions(editionId)) {
      const [deleted, asked, ids] = await this.scripts.onceInSession<[number, string[], string[]]>(
        'agoraWipeQuestions',
        sid,
        sid,
      );
      await this.scripts.owners.release('q', ids);
      count += deleted;
      for (let i = 0; i + 1 < asked.length; i += 2)
        await this.scripts.redis.hdel(this.authorAsks(asked[i] as string), asked[i + 1] as string);
    }
    return count;
  }

  /** clientId → question id of every question the author asked, whatever the session (edition-wide slot). */
  private authorAsks(authorId: string): string {
    return this.scripts.key('author', authorId, 'asks');
  }

  private editionSessions(editionId: string): Promise<string[]> {
    return this.scripts.redis.lrange(this.scripts.key('edition', editionId, 'sessions'), 0, -1);
  }

  async getLive(sessionId: string): Promise<SessionLive> {
    return liveOf(
      await this.scripts.redis.hmget(this.scripts.keys.session(sessionId, 'live'), ...LIVE_FIELDS),
    );
  }

  async listQuestions(sessionId: string): Promise<QuestionRecord[]> {
    return (await this.scripts.inSession<RawView[]>('agoraListQuestions', sessionId, sessionId)).map(
      toRecord,
    );
  }

  async getQuestion(id: string): Promise<QuestionRecord | null> {
    return this.scripts.owners.inOwner(
      'q',
      id,
      async (sid) => {
        if (sid === null) return null;
        const raw = await this.scripts.inSession<RawView | []>('agoraGetQuestion', sid, sid, id);
        return raw.length === 0 ? null : toRecord(raw as RawView);
      },
      ({ value }) => value === null,
    );
  }

  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    return this.scripts.inSession<string[]>('agoraListUpvoted', sessionId, sessionId, voterId);
  }

  /**
   * Two steps, one per slot: the edition-wide one (`agoraAskPrepare`) answers a client id the author
   * used before with that question, in whatever session, or claims the id for the session in the
   * owners index and names it in the author's index; then the session's script asks, refusing
   * (`notFound` session, then `idTaken` for an id another session has) or answering a re-send within
   * the session atomically. Two round trips; one before Redis Cluster.
   */
  async askQuestion(
    q: NewQuestion,
  ): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    let step = await this.prepareAsk(q, false);
    if (step[0] === 'known') {
      const [, known, knownSid] = step;
      const again =
        knownSid === ''
          ? []
          : await this.scripts.inSession<[RawChange, RawView] | []>(
              'agoraAskAgain',
              knownSid,
              knownSid,
              known,
            );
      if (again.length > 0) {
        const [change, view] = again as [RawChange, RawView];
        return { ...toChange(change), question: toRecord(view), created: false };
      }
      step = await this.prepareAsk(q, true);
    }
    const claimed = step[0] === 'claimed';
    if (claimed) this.scripts.owners.learn('q', q.id, q.sessionId);
    const [change, view, created] = await this.scripts.onceInSession<[RawChange, RawView, number]>(
      'agoraAsk',
      q.sessionId,
      q.id,
      q.sessionId,
      q.authorId,
      q.clientId,
      q.text,
      q.anonymous ? '1' : '0',
      q.authorName,
      q.authorMode,
      q.at,
      claimed ? '1' : '0',
    );
    return { ...toChange(change), question: toRecord(view), created: created === 1 };
  }

  private prepareAsk(
    q: NewQuestion,
    replace: boolean,
  ): Promise<['known', string, string] | ['claimed'] | ['taken'] | ['noSession']> {
    return this.scripts.global(
      'agoraAskPrepare',
      q.authorId,
      q.clientId,
      q.id,
      q.sessionId,
      replace ? '1' : '0',
    );
  }

  /**
   * Batched with the node's other upvotes of this event-loop turn in its session (session-batch.ts,
   * `agoraUpvotes`); an upvote that finds no question where the cached owner said is sent again
   * where the owner index says now (`inOwner`: a wiped question's id may be another session's).
   */
  setUpvote(input: NewUpvote): Promise<Upvoted> {
    return this.scripts.owners.inOwner(
      'q',
      input.questionId,
      (sid) => {
        if (sid === null) throw refusals.notFound('question');
        return this.upvotes.add(sid, input);
      },
      isNotFound,
    );
  }
}

type NewUpvote = { questionId: string; voterId: string; up: boolean; at: number; admission?: Admission };
type Upvoted = QuestionChange & { question: QuestionRecord; upvoted: boolean };
type UpvoteReply = [1, RawChange, RawView, number, number] | [0, string];

/** One run of `agoraUpvotes` (scripts.ts) for a session's upvotes of one turn. */
function upvoteBatch(scripts: ScriptRunner): SessionBatch<NewUpvote, Upvoted> {
  return new SessionBatch(async (sessionId, inputs): Promise<Settled<Upvoted>[]> => {
    const args = inputs.flatMap((input) => [
      input.questionId,
      input.voterId,
      input.up ? '1' : '0',
      input.admission?.editionId ?? '',
      input.admission?.audiences.join(',') ?? '',
    ]);
    const replies = await scripts.inSession<UpvoteReply[]>(
      'agoraUpvotes',
      sessionId,
      sessionId,
      inputs.length,
      ...args,
    );
    return onUpvoteRun(replies);
  });
}

/**
 * A run's replies as each upvote's answer. Each view came once (`agoraUpvotes`): the question's
 * stands for the change's `changed` too, and the question on screen comes in the first reply that
 * needs it, kept for the next ones, and replaced by an upvoted question's view when it is that one.
 */
function onUpvoteRun(replies: UpvoteReply[]): Settled<Upvoted>[] {
  let shown: QuestionRecord | null = null;
  return replies.map((reply) => {
    if (reply[0] !== 1) return { error: toAppError(new Error(reply[1])) };
    const [, raw, view, upvoted, changed] = reply;
    const change = toChange(raw);
    const question = toRecord(view);
    const onScreenId = change.live.onScreenId;
    if (onScreenId === question.id) shown = question;
    else if (change.onScreen) shown = change.onScreen;
    const onScreen = onScreenId === null ? null : shown;
    return {
      value: {
        ...change,
        changed: changed === 1 ? [question] : [],
        onScreen,
        question,
        upvoted: upvoted === 1,
      },
    };
  });
}
