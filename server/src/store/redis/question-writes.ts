import { AppError, type ModerationAction, type ScreenItem } from '@agora/shared';
import {
  decideEdit,
  decideMerge,
  decideModeration,
  decideScreen,
  type InteractionFacts,
  type QuestionDecision,
  type QuestionFacts,
  type ScreenFacts,
} from '../../modules/questions/questions.rules.ts';
import type { QuestionChange } from '../../modules/questions/questions.store.ts';
import { optimisticWrite, Reads, type Command, type Plan } from './optimistic-write.ts';
import { LIVE_FIELDS, liveOf, toRecord, type RawView } from './question-records.ts';
import type { ScriptRunner } from './script-runner.ts';

const SCREEN_FIELDS = ['screenKind', 'screenId', 'onScreenId', 'screenSplit'] as const;

/**
 * The question writes that are neither hot nor contended (moderation, edits, merges, the screen):
 * read, decide with questions.rules.ts, commit with the generic compare-and-set. Asks and upvotes
 * keep their scripts (scripts.ts): they are the Q&A benchmark's writes, and one round trip each.
 *
 * Only the fields the rules read are compared (never `seq` or `pending`, which asks and upvotes
 * increment), so a busy session's votes do not make a moderator's write start again.
 *
 * Cost, measured against the scripts it replaced (one node, local Redis with appendfsync always,
 * 1,000 sequential writes, 2 shared cores): moderate, edit and screen 0.6-0.8 ms median instead of
 * 0.4-0.6 ms (two or three round trips instead of one); 1,000-1,200 moderations/s per node at 20
 * concurrent callers instead of 6,400-6,900 (this node's writes are serialised, below). Moderators
 * make a few a minute.
 */
export class RedisQuestionWrites {
  constructor(protected readonly scripts: ScriptRunner) {}

  /**
   * This node's writes, one after the other: they would otherwise conflict with each other (80
   * concurrent moderations of three questions on two nodes exhausted the attempts in the test);
   * serialised, a write only ever starts again for another node's. They are rare: no cost.
   */
  private tail: Promise<unknown> = Promise.resolve();

  /** The question's session (the owners index, key-layout.ts): its writes run in that slot. */
  private sessionOf(questionId: string): Promise<string | null> {
    return this.scripts.owners.sessionOf('q', questionId);
  }

  /** A write on a question, in its session's slot (read again if the cached owner finds nothing). */
  private onQuestion(
    id: string,
    decide: (reads: Reads, sessionId: string | null) => Promise<QuestionDecision>,
  ): Promise<QuestionChange> {
    return this.scripts.owners.inOwner(
      'q',
      id,
      (sid) => this.write(sid, (reads) => decide(reads, sid)),
      isNotFound,
    );
  }

  moderate(input: { questionId: string; action: ModerationAction; at: number }): Promise<QuestionChange> {
    return this.onQuestion(input.questionId, async (reads, sid) => {
      const q = await this.question(reads, sid, input.questionId);
      return decideModeration(q, q ? await this.screen(reads, q.sessionId) : NO_SCREEN, input);
    });
  }

  editQuestion(input: { questionId: string; text: string; by: string; at: number }): Promise<QuestionChange> {
    return this.onQuestion(input.questionId, async (reads, sid) =>
      decideEdit(await this.question(reads, sid, input.questionId), input),
    );
  }

  /**
   * Both questions in one session, so in one slot; a target of another session is read in its own
   * slot, outside the compared reads, only for the rules' refusal (nothing is written then).
   */
  mergeQuestions(input: { sourceId: string; targetId: string; at: number }): Promise<QuestionChange> {
    if (input.sourceId === input.targetId)
      return this.write(null, () => Promise.resolve(decideMerge(null, null, NO_SCREEN, input)));
    return this.onQuestion(input.sourceId, async (reads, sid) => {
      const targetSid = sid === null ? null : await this.scripts.owners.sessionOf('q', input.targetId, true);
      const source = await this.question(reads, sid, input.sourceId);
      let target: QuestionFacts | null = null;
      if (source && targetSid === sid) target = await this.question(reads, sid, input.targetId);
      else if (source && targetSid !== null) {
        target = await this.question(new Reads(this.scripts.redis), targetSid, input.targetId);
      }
      const screen = source ? await this.screen(reads, source.sessionId) : NO_SCREEN;
      return decideMerge(source, target, screen, input);
    });
  }

  /** What the screen shows is the session's: a question, poll or cloud of another session is not in its slot, hence not found. */
  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    const sid = input.sessionId;
    return this.write(sid, async (reads) => {
      const exists = await reads.read<number>(['EXISTS', this.scripts.keys.session(sid)]);
      const live = exists === 1 ? await this.screen(reads, sid) : null;
      const { item } = input;
      let target: QuestionFacts | InteractionFacts | null = null;
      if (live && item?.kind === 'question') target = await this.question(reads, sid, item.id);
      else if (live && item && item.kind !== 'history') {
        const [sessionId, status] = await reads.read<(string | null)[]>([
          'HMGET',
          this.scripts.keys.interaction(item.kind as 'poll' | 'cloud', sid, item.id),
          'sessionId',
          'status',
        ]);
        target = sessionId && status ? { sessionId, status } : null;
      }
      return decideScreen({ live, target }, input);
    });
  }

  private async question(reads: Reads, sid: string | null, id: string): Promise<QuestionFacts | null> {
    if (sid === null) return null;
    const k = this.scripts.keys.question(sid, id);
    const [sessionId, status, text] = await reads.read<(string | null)[]>([
      'HMGET',
      k,
      'sessionId',
      'status',
      'text',
    ]);
    if (!sessionId) return null;
    const merged = await reads.read<string[]>(['LRANGE', `${k}:merged`, '0', '-1']);
    return { id, sessionId, status: status as QuestionFacts['status'], text: text ?? '', merged };
  }

  private async screen(reads: Reads, sessionId: string): Promise<ScreenFacts> {
    const fields = await reads.read<(string | null)[]>([
      'HMGET',
      this.scripts.keys.session(sessionId, 'live'),
      ...SCREEN_FIELDS,
    ]);
    return liveOf([null, null, ...fields]);
  }

  /** `sessionId` null: no question has the id, and the rules refuse (nothing read, nothing written). */
  private write(
    sessionId: string | null,
    decide: (reads: Reads) => Promise<QuestionDecision>,
  ): Promise<QuestionChange> {
    if (sessionId === null) return this.unknown(decide);
    const result = this.tail.then(() => this.commit(sessionId, decide));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async unknown(decide: (reads: Reads) => Promise<QuestionDecision>): Promise<never> {
    await decide(new Reads(this.scripts.redis));
    throw new AppError('INTERNAL', 'a decision on no question did not refuse');
  }

  private commit(
    sessionId: string,
    decide: (reads: Reads) => Promise<QuestionDecision>,
  ): Promise<QuestionChange> {
    const { redis, prefix, ttlSeconds, keys } = this.scripts;
    return optimisticWrite(redis, prefix, ttlSeconds, keys.sessionAnchor(sessionId), async (reads) => {
      const decision = await decide(reads);
      // The answer names the question on screen: a decision that did not read the screen reads it now.
      const onScreenId =
        this.readOnScreenId(reads, decision.sessionId) ??
        (await this.screen(reads, decision.sessionId)).onScreenId;
      return this.plan(decision, onScreenId);
    });
  }

  /** The decision as Redis commands, and the reads that answer with the change as it is then. */
  private plan(d: QuestionDecision, shownId: string | null): Plan<QuestionChange> {
    const sid = d.sessionId;
    const live = this.scripts.keys.session(sid, 'live');
    const writes: Command[] = [];
    for (const p of d.patches) {
      const k = this.scripts.keys.question(sid, p.id);
      const fields: string[] = [];
      if (p.status !== undefined) fields.push('status', p.status);
      if (p.starred !== undefined) fields.push('starred', p.starred ? '1' : '0');
      if (p.text !== undefined) fields.push('text', p.text);
      if (p.mergedInto !== undefined) fields.push('mergedInto', p.mergedInto);
      if (p.updatedAt !== undefined) fields.push('updatedAt', String(p.updatedAt));
      if (fields.length > 0) writes.push(['HSET', k, ...fields]);
      // `at` as a string, as the audit entries written by earlier versions' scripts.
      if (p.edit) writes.push(['RPUSH', `${k}:edits`, JSON.stringify({ ...p.edit, at: String(p.edit.at) })]);
      if (p.absorb) {
        const from = this.scripts.keys.question(sid, p.absorb.from);
        writes.push(['SUNIONSTORE', `${k}:voters`, `${k}:voters`, `${from}:voters`]);
        writes.push(['RPUSH', `${k}:merged`, p.absorb.from, ...p.absorb.merged]);
      }
    }
    if (d.pending !== 0) writes.push(['HINCRBY', live, 'pending', String(d.pending)]);
    let onScreenId = shownId;
    if (d.screen !== undefined) {
      const s = d.screen;
      onScreenId = s?.kind === 'question' ? s.id : null;
      writes.push([
        'HSET',
        live,
        'screenKind',
        s?.kind ?? '',
        'screenId',
        s?.id ?? '',
        'onScreenId',
        onScreenId ?? '',
        'screenSplit',
        s?.kind === 'poll' && s.split ? '1' : '0',
      ]);
    }
    writes.push(['HINCRBY', live, 'seq', '1']);
    const views = [...d.patches.map((p) => p.id), ...(onScreenId ? [onScreenId] : [])];
    const after: Command[] = [
      ['HMGET', live, ...LIVE_FIELDS],
      ...views.flatMap((id) => this.viewCommands(sid, id)),
    ];
    return {
      writes,
      after,
      answer: ([liveFields, ...rest]) => {
        const records = views.map((_, i) => toRecord(rest.slice(i * 4, i * 4 + 4) as RawView));
        const state = liveOf(liveFields as (string | null)[]);
        return {
          sessionId: d.sessionId,
          seq: state.seq,
          changed: records.slice(0, d.patches.length),
          live: state,
          onScreen: onScreenId ? (records[d.patches.length] ?? null) : null,
          screenChanged: d.screenChanged,
        };
      },
    };
  }

  /**
   * The question on screen as the reads saw it (they are checked unchanged before the writes):
   * undefined when they did not read the screen.
   */
  private readOnScreenId(reads: Reads, sessionId: string): string | null | undefined {
    const live = this.scripts.keys.session(sessionId, 'live');
    const i = reads.commands.findIndex(([name, key]) => name === 'HMGET' && key === live);
    if (i < 0) return undefined;
    return liveOf([null, null, ...(reads.replies[i] as (string | null)[])]).onScreenId;
  }

  private viewCommands(sessionId: string, id: string): Command[] {
    const k = this.scripts.keys.question(sessionId, id);
    return [
      ['HGETALL', k],
      ['SCARD', `${k}:voters`],
      ['LRANGE', `${k}:merged`, '0', '-1'],
      ['LRANGE', `${k}:edits`, '0', '-1'],
    ];
  }
}

/** The screen shown to the rules when they refuse before reading it. */
const NO_SCREEN: ScreenFacts = { onScreenId: null, screen: null };

/** A refusal because the question (or its session) is not there: the cached owner may be stale. */
export const isNotFound = ({ error }: { error?: unknown }): boolean =>
  error instanceof AppError && error.code === 'NOT_FOUND';
