import type { ModerationAction, ScreenItem } from '@agora/shared';
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
import type { Redis } from 'ioredis';
import { optimisticWrite, type Command, type Plan, type Reads } from './optimistic-write.ts';
import { LIVE_FIELDS, liveOf, toRecord, type RawView } from './question-records.ts';

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
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * This node's writes, one after the other: they would otherwise conflict with each other (80
   * concurrent moderations of three questions on two nodes exhausted the attempts in the test);
   * serialised, a write only ever starts again for another node's. They are rare: no cost.
   */
  private tail: Promise<unknown> = Promise.resolve();

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  moderate(input: { questionId: string; action: ModerationAction; at: number }): Promise<QuestionChange> {
    return this.write(async (reads) => {
      const q = await this.question(reads, input.questionId);
      return decideModeration(q, q ? await this.screen(reads, q.sessionId) : NO_SCREEN, input);
    });
  }

  editQuestion(input: { questionId: string; text: string; by: string; at: number }): Promise<QuestionChange> {
    return this.write(async (reads) => decideEdit(await this.question(reads, input.questionId), input));
  }

  mergeQuestions(input: { sourceId: string; targetId: string; at: number }): Promise<QuestionChange> {
    return this.write(async (reads) => {
      if (input.sourceId === input.targetId) return decideMerge(null, null, NO_SCREEN, input);
      const source = await this.question(reads, input.sourceId);
      const target = source && (await this.question(reads, input.targetId));
      const screen = source ? await this.screen(reads, source.sessionId) : NO_SCREEN;
      return decideMerge(source, target ?? null, screen, input);
    });
  }

  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.write(async (reads) => {
      const exists = await reads.read<number>(['EXISTS', this.key('session', input.sessionId)]);
      const live = exists === 1 ? await this.screen(reads, input.sessionId) : null;
      const { item } = input;
      let target: QuestionFacts | InteractionFacts | null = null;
      if (live && item?.kind === 'question') target = await this.question(reads, item.id);
      else if (live && item && item.kind !== 'history') {
        const [sessionId, status] = await reads.read<(string | null)[]>([
          'HMGET',
          this.key(item.kind, item.id),
          'sessionId',
          'status',
        ]);
        target = sessionId && status ? { sessionId, status } : null;
      }
      return decideScreen({ live, target }, input);
    });
  }

  private async question(reads: Reads, id: string): Promise<QuestionFacts | null> {
    const k = this.key('q', id);
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
      this.key('session', sessionId, 'live'),
      ...SCREEN_FIELDS,
    ]);
    return liveOf([null, null, ...fields]);
  }

  private write(decide: (reads: Reads) => Promise<QuestionDecision>): Promise<QuestionChange> {
    const result = this.tail.then(() => this.commit(decide));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private commit(decide: (reads: Reads) => Promise<QuestionDecision>): Promise<QuestionChange> {
    return optimisticWrite(this.redis, this.prefix, this.ttlSeconds, async (reads) => {
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
    const live = this.key('session', d.sessionId, 'live');
    const writes: Command[] = [];
    for (const p of d.patches) {
      const k = this.key('q', p.id);
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
        const from = this.key('q', p.absorb.from);
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
      ...views.flatMap((id) => this.viewCommands(id)),
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
    const live = this.key('session', sessionId, 'live');
    const i = reads.commands.findIndex(([name, key]) => name === 'HMGET' && key === live);
    if (i < 0) return undefined;
    return liveOf([null, null, ...(reads.replies[i] as (string | null)[])]).onScreenId;
  }

  private viewCommands(id: string): Command[] {
    const k = this.key('q', id);
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
