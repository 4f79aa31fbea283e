import type { Redis } from 'ioredis';
import type { Cloud, ModCloudWord, Poll } from '@agora/shared';
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
import { chunks, optimisticWrite, type Command, type Plan, type Reads } from './optimistic-write.ts';

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
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds: number,
  ) {}

  /** This node's writes, one after the other, as question-writes.ts' (they would conflict with each other). */
  private tail: Promise<unknown> = Promise.resolve();

  private key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  createPoll(input: {
    id: string;
    sessionId: string;
    definition: PollDefinition;
    at: number;
  }): Promise<Poll> {
    return this.write(async (reads) => {
      await this.checkCreate(reads, input);
      const poll = newPoll(input);
      const k = this.key('poll', input.id);
      return this.answerItem<Poll>('poll', input.id, [
        ['HSET', k, ...this.createArgs(poll), 'version', '0'],
        ...this.tallyWrites(poll),
        ['RPUSH', this.key('session', input.sessionId, 'interactions'), `poll:${input.id}`],
      ]);
    });
  }

  updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll> {
    return this.write(async (reads) => {
      const current = (await this.item(reads, { kind: 'poll', id: input.pollId })) as Poll | null;
      const ballots = current
        ? await reads.read<number>(['HLEN', this.key('poll', input.pollId, 'ballots')])
        : 0;
      const poll = decideUpdatePoll(current, ballots > 0, input.definition);
      const k = this.key('poll', input.pollId);
      return this.answerItem<Poll>('poll', input.pollId, [
        ['HSET', k, ...definitionArgs(poll)],
        ...this.tallyWrites(poll),
        ['HINCRBY', k, 'version', '1'],
      ]);
    });
  }

  createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud> {
    return this.write(async (reads) => {
      await this.checkCreate(reads, input);
      const cloud = newCloud(input);
      return this.answerItem<Cloud>('cloud', input.id, [
        ['HSET', this.key('cloud', input.id), ...this.createArgs(cloud), 'version', '0', 'participants', '0'],
        ['RPUSH', this.key('session', input.sessionId, 'interactions'), `cloud:${input.id}`],
      ]);
    });
  }

  updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud> {
    return this.write(async (reads) => {
      const current = (await this.item(reads, { kind: 'cloud', id: input.cloudId })) as Cloud | null;
      const words = current
        ? await reads.read<number>(['LLEN', this.key('cloud', input.cloudId, 'keys')])
        : 0;
      const cloud = decideUpdateCloud(current, words > 0, input.definition);
      return this.answerItem<Cloud>('cloud', input.cloudId, [
        ['HSET', this.key('cloud', input.cloudId), ...definitionArgs(cloud)],
      ]);
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

  private lifecycle(
    ref: InteractionRef,
    action: 'open' | 'close' | 'finalize',
    at: number,
  ): Promise<InteractionChange> {
    return this.write(async (reads) => {
      const item = await this.item(reads, ref);
      const remoteDelaySeconds =
        item && action === 'close' && item.status === 'open'
          ? await this.remoteDelay(reads, item.sessionId)
          : null;
      return this.change(ref, decideLifecycle(item, ref, { action, at, remoteDelaySeconds }));
    });
  }

  /** `at` is not stored: nothing in a poll or cloud records when its results were revealed. */
  revealInteraction(ref: InteractionRef, revealed: boolean): Promise<InteractionChange> {
    return this.write(async (reads) =>
      this.change(ref, decideReveal(await this.item(reads, ref), ref, revealed)),
    );
  }

  setWordHidden(input: { cloudId: string; key: string; hidden: boolean }): Promise<ModCloudWord> {
    return this.write(async (reads) => {
      const k = this.key('cloud', input.cloudId);
      const group = `${k}:g:${input.key}`;
      const cloudExists = (await reads.read<number>(['EXISTS', k])) === 1;
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
    const sessions = await this.redis.lrange(this.key('edition', editionId, 'sessions'), 0, -1);
    for (const sessionId of sessions) used += await this.write((reads) => this.wipeSession(reads, sessionId));
    return used;
  }

  private async wipeSession(reads: Reads, sessionId: string): Promise<Plan<number>> {
    const refs = await reads.read<string[]>([
      'LRANGE',
      this.key('session', sessionId, 'interactions'),
      '0',
      '-1',
    ]);
    const writes: Command[] = [];
    let used = 0;
    for (const ref of refs) {
      const colon = ref.indexOf(':');
      const kind = ref.slice(0, colon) as InteractionKind;
      const id = ref.slice(colon + 1);
      const item = await this.item(reads, { kind, id });
      if (!item) continue;
      const k = this.key(kind, id);
      let hasAnswers: boolean;
      if (item.kind === 'poll') {
        hasAnswers = (await reads.read<number>(['SCARD', `${k}:seen`])) > 0;
        writes.push(['DEL', `${k}:ballots`, `${k}:seen`], ...this.tallyWrites(item));
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
      writes.push(['ZREM', this.key('closing'), ref]);
    }
    const live = this.key('session', sessionId, 'live');
    writes.push(['HSET', live, 'onScreenId', '', 'screenKind', '', 'screenId', '', 'screenSplit', '0']);
    writes.push(['HINCRBY', live, 'seq', '1']);
    return { writes, after: [], answer: () => used };
  }

  /** A cloud's per-participant keys (words, client ids), by SCAN. */
  private async participantKeys(cloudKey: string): Promise<string[]> {
    const pattern = `${cloudKey.replace(/[*?[\]\\]/g, '\\$&')}:*`;
    const out: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        const rest = key.slice(cloudKey.length);
        if (rest.startsWith(':p:') || rest.startsWith(':cid:')) out.push(key);
      }
    } while (cursor !== '0');
    return out;
  }

  private async checkCreate(reads: Reads, input: { id: string; sessionId: string }): Promise<void> {
    const sessionExists = (await reads.read<number>(['EXISTS', this.key('session', input.sessionId)])) === 1;
    const taken = await reads.read<number>([
      'EXISTS',
      this.key('poll', input.id),
      this.key('cloud', input.id),
    ]);
    checkCreate({ sessionExists, idTaken: taken > 0 });
  }

  /** A poll or cloud as the rules read it (null when absent). */
  private async item(reads: Reads, ref: InteractionRef): Promise<Interaction | null> {
    const names = FIELDS[ref.kind];
    const values = await reads.read<(string | null)[]>(['HMGET', this.key(ref.kind, ref.id), ...names]);
    if (values[0] === null) return null;
    const flat = names.flatMap((name, i) => [name, values[i] ?? '']);
    return toInteraction(ref.kind, fieldsOf(flat));
  }

  /** The session's remote delay, null when there is no such session; older sessions keep it in their JSON. */
  private async remoteDelay(reads: Reads, sessionId: string): Promise<number | null> {
    const [json, delay] = await reads.read<(string | null)[]>([
      'HMGET',
      this.key('session', sessionId),
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
  private tallyWrites(poll: Poll): Command[] {
    const tally = this.key('poll', poll.id, 'tally');
    const fields = ['n:all', '0', 'n:onsite', '0', 'n:remote', '0'];
    for (const o of poll.options)
      for (const side of ['all', 'onsite', 'remote']) fields.push(`${side}:${o.id}`, '0');
    return [
      ['DEL', tally],
      ['HSET', tally, ...fields],
    ];
  }

  /** A lifecycle decision as writes; the closing index follows the status. */
  private change(ref: InteractionRef, d: LifecycleDecision): Plan<InteractionChange> {
    const k = this.key(ref.kind, ref.id);
    const writes: Command[] = [];
    const fields = lifecycleArgs(d.patch);
    if (fields.length > 0) writes.push(['HSET', k, ...fields]);
    const { status, remoteClosesAt } = d.patch;
    if (status === 'closing' && remoteClosesAt !== undefined && remoteClosesAt !== null) {
      writes.push(['ZADD', this.key('closing'), String(remoteClosesAt), `${ref.kind}:${ref.id}`]);
    } else if (status !== undefined) writes.push(['ZREM', this.key('closing'), `${ref.kind}:${ref.id}`]);
    if (d.bumpVersion) writes.push(['HINCRBY', k, 'version', '1']);
    return {
      writes,
      after: [['HGETALL', k]],
      answer: ([flat]) => ({ item: toInteraction(ref.kind, fieldsOf(flat as string[])), changed: d.changed }),
    };
  }

  private answerItem<T extends Interaction>(kind: InteractionKind, id: string, writes: Command[]): Plan<T> {
    const k = this.key(kind, id);
    return {
      writes,
      after: [['HGETALL', k]],
      answer: ([flat]) => toInteraction(kind, fieldsOf(flat as string[])) as T,
    };
  }

  private write<T>(decide: (reads: Reads) => Promise<Plan<T>>): Promise<T> {
    const result = this.tail.then(() => optimisticWrite(this.redis, this.prefix, this.ttlSeconds, decide));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
