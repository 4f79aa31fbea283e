import { AppError, type Cloud, type ModCloudWord, type Poll } from '@agora/shared';
import type {
  CloudDefinition,
  Interaction,
  InteractionChange,
  InteractionKind,
  InteractionRef,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';
import {
  checkCreate,
  decideLifecycle,
  decideReset,
  decideReveal,
  type LifecycleDecision,
  type LifecycleFields,
} from '../../modules/interactions/lifecycle.rules.ts';
import { decideUpdatePoll, newPoll } from '../../modules/polls/polls.rules.ts';
import { decideUpdateCloud, decideWordHidden, newCloud } from '../../modules/wordcloud/wordcloud.rules.ts';
import { fieldsOf, toInteraction, toWord, type RawGroup, type StoredPollDef } from './interaction-records.ts';
import { scanKeys } from './key-layout.ts';
import { chunks, optimisticWrite, Reads, type Command, type Plan } from './optimistic-write.ts';
import type { ScriptRunner } from './script-runner.ts';

/** What is read of a poll or cloud to decide on it: every field but `version`, which ballots and words bump. */
const COMMON = ['id', 'sessionId', 'status', 'visibility', 'revealed', 'createdAt', 'openedAt', 'closedAt'];
const FIELDS: Record<InteractionKind, string[]> = {
  poll: [...COMMON, 'remoteClosesAt', 'def'],
  cloud: [...COMMON, 'remoteClosesAt', 'prompt', 'maxWordsPerParticipant', 'maxLength'],
};

const GROUP_FIELDS = ['text', 'count', 'onsite', 'remote', 'hidden', 'blocked'];

const flag = (value: boolean) => (value ? '1' : '0');
const time = (value: number | null) => (value === null ? '' : String(value));

/** The HSET arguments of the lifecycle fields a decision writes. */
function lifecycleArgs(patch: Partial<LifecycleFields>): string[] {
  const out: string[] = [];
  if (patch.status !== undefined) out.push('status', patch.status);
  if (patch.revealed !== undefined) out.push('revealed', flag(patch.revealed));
  if (patch.openedAt !== undefined) out.push('openedAt', time(patch.openedAt));
  if (patch.closedAt !== undefined) out.push('closedAt', time(patch.closedAt));
  if (patch.remoteClosesAt !== undefined) out.push('remoteClosesAt', time(patch.remoteClosesAt));
  return out;
}

/** The HSET arguments of a definition (with `revealed`, which follows it). */
function definitionArgs(item: Interaction): string[] {
  const common = ['visibility', item.visibility, 'revealed', flag(item.revealed)];
  if (item.kind === 'cloud') {
    return [
      ...common,
      'prompt',
      item.prompt,
      'maxWordsPerParticipant',
      String(item.maxWordsPerParticipant),
      'maxLength',
      String(item.maxLength),
    ];
  }
  const def: StoredPollDef = {
    question: item.question,
    pollKind: item.pollKind,
    options: item.options.map((o) => ({ id: o.id, label: o.label })),
    maxChoices: item.maxChoices,
    scale: item.scale,
  };
  return [
    ...common,
    'def',
    JSON.stringify(def),
    'pollKind',
    item.pollKind,
    'maxChoices',
    String(item.maxChoices),
  ];
}

/**
 * The poll and cloud writes that are neither hot nor contended: definitions, the lifecycle (open,
 * close, finalise, reveal), hiding a word group and the go-live wipe. Read, decide with
 * lifecycle.rules.ts, polls.rules.ts or wordcloud.rules.ts, commit with the generic compare-and-set.
 * Ballots and words keep their scripts (interaction-scripts.ts): the vote benchmark's writes.
 *
 * Only the fields the rules read are compared (never `version`, which ballots and words bump), so a
 * busy poll's ballots do not make a moderator's close start again; a poll's edit reads its ballot
 * count, which a ballot does change, as it must.
 *
 * Cost, measured against the scripts it replaced (one node, local Redis with appendonly and
 * appendfsync always, 300 sequential writes of each, twice, on 2 cores shared with other work at a
 * load of about 8, so noisy): open/close alternated 0.67-0.72 ms median instead of 0.32-1.6 ms, reveal
 * 0.48-0.59 ms instead of 0.38-0.45 ms, create 0.63 ms instead of 1.3-2.3 ms; two or three round trips
 * instead of one. Moderators make a few a minute; ballots and words, the hot writes, are unchanged.
 */
export class RedisInteractionWrites {
  constructor(protected readonly scripts: ScriptRunner) {}

  /** This node's writes, one after the other, as question-writes.ts' (they would conflict with each other). */
  private tail: Promise<unknown> = Promise.resolve();

  /** The session of a poll or cloud id (the owners index, key-layout.ts): its writes run in that slot. */
  protected sessionOf(id: string): Promise<string | null> {
    return this.scripts.owners.sessionOf('i', id);
  }

  private key(kind: InteractionKind, sessionId: string, id: string, ...parts: string[]): string {
    return this.scripts.keys.interaction(kind, sessionId, id, ...parts);
  }

  async createPoll(input: {
    id: string;
    sessionId: string;
    definition: PollDefinition;
    at: number;
  }): Promise<Poll> {
    const sid = input.sessionId;
    const claimed = await this.scripts.owners.claim('i', input.id, sid);
    return this.write(sid, async (reads) => {
      await this.checkCreate(reads, input, claimed);
      const poll = newPoll(input);
      const k = this.key('poll', sid, input.id);
      return this.answerItem<Poll>(k, 'poll', [
        ['HSET', k, ...this.createArgs(poll), 'version', '0'],
        ...this.tallyWrites(sid, poll),
        ['RPUSH', this.scripts.keys.session(sid, 'interactions'), `poll:${input.id}`],
      ]);
    });
  }

  async updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll> {
    const sid = await this.sessionOf(input.pollId);
    return this.write(sid, async (reads) => {
      const current = (await this.item(reads, sid, { kind: 'poll', id: input.pollId })) as Poll | null;
      const ballots =
        current && sid
          ? await reads.read<number>(['HLEN', this.key('poll', sid, input.pollId, 'ballots')])
          : 0;
      const poll = decideUpdatePoll(current, ballots > 0, input.definition);
      const k = this.key('poll', poll.sessionId, input.pollId);
      return this.answerItem<Poll>(k, 'poll', [
        ['HSET', k, ...definitionArgs(poll)],
        ...this.tallyWrites(poll.sessionId, poll),
        ['HINCRBY', k, 'version', '1'],
      ]);
    });
  }

  async createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud> {
    const sid = input.sessionId;
    const claimed = await this.scripts.owners.claim('i', input.id, sid);
    return this.write(sid, async (reads) => {
      await this.checkCreate(reads, input, claimed);
      const cloud = newCloud(input);
      const k = this.key('cloud', sid, input.id);
      return this.answerItem<Cloud>(k, 'cloud', [
        ['HSET', k, ...this.createArgs(cloud), 'version', '0', 'participants', '0'],
        ['RPUSH', this.scripts.keys.session(sid, 'interactions'), `cloud:${input.id}`],
      ]);
    });
  }

  async updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud> {
    const sid = await this.sessionOf(input.cloudId);
    return this.write(sid, async (reads) => {
      const current = (await this.item(reads, sid, { kind: 'cloud', id: input.cloudId })) as Cloud | null;
      const words =
        current && sid
          ? await reads.read<number>(['LLEN', this.key('cloud', sid, input.cloudId, 'keys')])
          : 0;
      const cloud = decideUpdateCloud(current, words > 0, input.definition);
      const k = this.key('cloud', cloud.sessionId, input.cloudId);
      return this.answerItem<Cloud>(k, 'cloud', [['HSET', k, ...definitionArgs(cloud)]]);
    });
  }

  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'open', at);
  }
  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'close', at);
  }
  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.lifecycle(ref, 'finalize', at);
  }

  /**
   * A close may put the item in `closing`, indexed in its session (`session:{id}:closing`); the
   * sweeper finds the sessions to look at in `{g}:closing-sessions`, added to first (another slot,
   * so not in the same write; an entry whose session has nothing in closing costs one read).
   */
  private async lifecycle(
    ref: InteractionRef,
    action: 'open' | 'close' | 'finalize',
    at: number,
  ): Promise<InteractionChange> {
    const sid = await this.sessionOf(ref.id);
    if (sid !== null && action === 'close')
      await this.scripts.redis.sadd(this.scripts.key('closing-sessions'), sid);
    return this.write(sid, async (reads) => {
      const item = await this.item(reads, sid, ref);
      const remoteDelaySeconds =
        item && action === 'close' && item.status === 'open'
          ? await this.remoteDelay(reads, item.sessionId)
          : null;
      return this.change(sid, ref, decideLifecycle(item, ref, { action, at, remoteDelaySeconds }));
    });
  }

  /** `at` is not stored: nothing in a poll or cloud records when its results were revealed. */
  async revealInteraction(ref: InteractionRef, revealed: boolean): Promise<InteractionChange> {
    const sid = await this.sessionOf(ref.id);
    return this.write(sid, async (reads) =>
      this.change(sid, ref, decideReveal(await this.item(reads, sid, ref), ref, revealed)),
    );
  }

  async setWordHidden(input: { cloudId: string; key: string; hidden: boolean }): Promise<ModCloudWord> {
    const sid = await this.sessionOf(input.cloudId);
    return this.write(sid, async (reads) => {
      const k = this.key('cloud', sid ?? '', input.cloudId);
      const group = `${k}:g:${input.key}`;
      const cloudExists = sid !== null && (await reads.read<number>(['EXISTS', k])) === 1;
      const hidden = cloudExists ? await reads.read<string | null>(['HGET', group, 'hidden']) : null;
      const { changed } = decideWordHidden(
        { cloudExists, group: hidden === null ? null : { hidden: hidden === '1' } },
        input.hidden,
      );
      const writes: Command[] = changed
        ? [
            ['HSET', group, 'hidden', flag(input.hidden)],
            ['HINCRBY', k, 'version', '1'],
          ]
        : [];
      return {
        writes,
        after: [['HMGET', group, ...GROUP_FIELDS]],
        answer: ([fields]) => toWord([input.key, ...(fields as string[])] as RawGroup),
      };
    });
  }

  /**
   * Go-live, one session at a time (atomic per session, and Redis never blocked for a whole
   * edition): every poll and cloud back to its draft with empty results, the screen showing nothing.
   * A cloud's participants have no index: their keys are found by a SCAN of the cloud's keys, outside
   * the compared reads; a participant's first word changes the cloud's `participants` and a new
   * group its key list, both compared, so none is missed. Answers how many had been used.
   */
  async wipeInteractions(editionId: string): Promise<number> {
    let used = 0;
    const sessions = await this.scripts.redis.lrange(
      this.scripts.key('edition', editionId, 'sessions'),
      0,
      -1,
    );
    for (const sessionId of sessions)
      used += await this.write(sessionId, (reads) => this.wipeSession(reads, sessionId));
    return used;
  }

  private async wipeSession(reads: Reads, sessionId: string): Promise<Plan<number>> {
    const refs = await reads.read<string[]>([
      'LRANGE',
      this.scripts.keys.session(sessionId, 'interactions'),
      '0',
      '-1',
    ]);
    const writes: Command[] = [];
    let used = 0;
    for (const ref of refs) {
      const colon = ref.indexOf(':');
      const kind = ref.slice(0, colon) as InteractionKind;
      const id = ref.slice(colon + 1);
      const item = await this.item(reads, sessionId, { kind, id });
      if (!item) continue;
      const k = this.key(kind, sessionId, id);
      let hasAnswers: boolean;
      if (item.kind === 'poll') {
        hasAnswers = (await reads.read<number>(['SCARD', `${k}:seen`])) > 0;
        writes.push(['DEL', `${k}:ballots`, `${k}:seen`], ...this.tallyWrites(sessionId, item));
      } else {
        const fields = await reads.read<(string | null)[]>(['HMGET', k, 'participants']);
        hasAnswers = Number(fields[0] ?? '0') > 0;
        const groups = await reads.read<string[]>(['LRANGE', `${k}:keys`, '0', '-1']);
        const keys = [`${k}:keys`, ...groups.map((g) => `${k}:g:${g}`), ...(await this.participantKeys(k))];
        for (const part of chunks(keys)) writes.push(['DEL', ...part]);
        writes.push(['HSET', k, 'participants', '0']);
      }
      const reset = decideReset(item, hasAnswers);
      if (reset.used) used += 1;
      writes.push(['HSET', k, ...lifecycleArgs(reset.patch)], ['HINCRBY', k, 'version', '1']);
      writes.push(['ZREM', this.scripts.keys.session(sessionId, 'closing'), ref]);
    }
    const live = this.scripts.keys.session(sessionId, 'live');
    writes.push(['HSET', live, 'onScreenId', '', 'screenKind', '', 'screenId', '', 'screenSplit', '0']);
    writes.push(['HINCRBY', live, 'seq', '1']);
    return { writes, after: [], answer: () => used };
  }

  /** A cloud's per-participant keys (words, client ids), by SCAN (of the primary of the cloud's slot on a cluster). */
  private async participantKeys(cloudKey: string): Promise<string[]> {
    const pattern = `${cloudKey.replace(/[*?[\]\\{}]/g, '\\$&')}:*`;
    return (await scanKeys(this.scripts.redis, pattern)).filter((key) => {
      const rest = key.slice(cloudKey.length);
      return rest.startsWith(':p:') || rest.startsWith(':cid:');
    });
  }

  /** `claimed`: the owners index gave the id to this session (another session's id is taken). */
  private async checkCreate(
    reads: Reads,
    input: { id: string; sessionId: string },
    claimed: boolean,
  ): Promise<void> {
    const sid = input.sessionId;
    const sessionExists = (await reads.read<number>(['EXISTS', this.scripts.keys.session(sid)])) === 1;
    const taken = await reads.read<number>([
      'EXISTS',
      this.key('poll', sid, input.id),
      this.key('cloud', sid, input.id),
    ]);
    checkCreate({ sessionExists, idTaken: !claimed || taken > 0 });
  }

  /** A poll or cloud of the session as the rules read it (null when absent, or no session owns the id). */
  private async item(
    reads: Reads,
    sessionId: string | null,
    ref: InteractionRef,
  ): Promise<Interaction | null> {
    if (sessionId === null) return null;
    const names = FIELDS[ref.kind];
    const values = await reads.read<(string | null)[]>([
      'HMGET',
      this.key(ref.kind, sessionId, ref.id),
      ...names,
    ]);
    if (values[0] === null) return null;
    const flat = names.flatMap((name, i) => [name, values[i] ?? '']);
    return toInteraction(ref.kind, fieldsOf(flat));
  }

  /** The session's remote delay, null when there is no such session; older sessions keep it in their JSON. */
  private async remoteDelay(reads: Reads, sessionId: string): Promise<number | null> {
    const [json, delay] = await reads.read<(string | null)[]>([
      'HMGET',
      this.scripts.keys.session(sessionId),
      'json',
      'remoteDelay',
    ]);
    if (!json) return null;
    if (delay) return Number(delay);
    return Number((JSON.parse(json) as { remoteDelaySeconds?: number }).remoteDelaySeconds ?? 0);
  }

  /** The fields a new poll or cloud is stored with (its version and counts aside). */
  private createArgs(item: Interaction): string[] {
    return [
      'id',
      item.id,
      'sessionId',
      item.sessionId,
      'createdAt',
      String(item.createdAt),
      ...lifecycleArgs(item),
      ...definitionArgs(item),
    ];
  }

  /** A poll's tally with every option at 0: `HEXISTS all:<choice>` is the ballot script's option check. */
  private tallyWrites(sessionId: string, poll: Poll): Command[] {
    const tally = this.key('poll', sessionId, poll.id, 'tally');
    const fields = ['n:all', '0', 'n:onsite', '0', 'n:remote', '0'];
    for (const o of poll.options)
      for (const side of ['all', 'onsite', 'remote']) fields.push(`${side}:${o.id}`, '0');
    return [
      ['DEL', tally],
      ['HSET', tally, ...fields],
    ];
  }

  /** A lifecycle decision as writes; the closing index follows the status. */
  private change(
    sessionId: string | null,
    ref: InteractionRef,
    d: LifecycleDecision,
  ): Plan<InteractionChange> {
    const sid = sessionId ?? '';
    const k = this.key(ref.kind, sid, ref.id);
    const closing = this.scripts.keys.session(sid, 'closing');
    const writes: Command[] = [];
    const fields = lifecycleArgs(d.patch);
    if (fields.length > 0) writes.push(['HSET', k, ...fields]);
    const { status, remoteClosesAt } = d.patch;
    if (status === 'closing' && remoteClosesAt !== undefined && remoteClosesAt !== null) {
      writes.push(['ZADD', closing, String(remoteClosesAt), `${ref.kind}:${ref.id}`]);
    } else if (status !== undefined) writes.push(['ZREM', closing, `${ref.kind}:${ref.id}`]);
    if (d.bumpVersion) writes.push(['HINCRBY', k, 'version', '1']);
    return {
      writes,
      after: [['HGETALL', k]],
      answer: ([flat]) => ({ item: toInteraction(ref.kind, fieldsOf(flat as string[])), changed: d.changed }),
    };
  }

  private answerItem<T extends Interaction>(k: string, kind: InteractionKind, writes: Command[]): Plan<T> {
    return {
      writes,
      after: [['HGETALL', k]],
      answer: ([flat]) => toInteraction(kind, fieldsOf(flat as string[])) as T,
    };
  }

  /** `sessionId` null: no session owns the id, and the rules refuse (nothing read, nothing written). */
  private write<T>(sessionId: string | null, decide: (reads: Reads) => Promise<Plan<T>>): Promise<T> {
    if (sessionId === null) return this.unknown(decide);
    const { redis, prefix, ttlSeconds, keys } = this.scripts;
    const anchor = keys.sessionAnchor(sessionId);
    const result = this.tail.then(() => optimisticWrite(redis, prefix, ttlSeconds, anchor, decide));
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async unknown<T>(decide: (reads: Reads) => Promise<Plan<T>>): Promise<never> {
    await decide(new Reads(this.scripts.redis));
    throw new AppError('INTERNAL', 'a decision on no poll or cloud did not refuse');
  }
}
