import {
  AppError,
  answerRefusal,
  type AttendanceMode,
  type Cloud,
  type ModCloudResults,
  type ModCloudWord,
  type MyBallot,
  type MyWord,
  type Poll,
  type PollResults,
  type Session,
  type Tally,
} from '@agora/shared';
import type {
  CloudDefinition,
  Interaction,
  InteractionChange,
  InteractionRef,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';

/** Operations on polls and clouds; like every `Op`, they carry every generated value. */
export type InteractionOp =
  | { t: 'poll-create'; id: string; sessionId: string; definition: PollDefinition; at: number }
  | { t: 'poll-update'; pollId: string; definition: PollDefinition; at: number }
  | { t: 'cloud-create'; id: string; sessionId: string; definition: CloudDefinition; at: number }
  | { t: 'cloud-update'; cloudId: string; definition: CloudDefinition; at: number }
  | { t: 'lifecycle'; action: 'open' | 'close' | 'finalize'; ref: InteractionRef; at: number }
  | { t: 'reveal'; ref: InteractionRef; revealed: boolean; at: number }
  | { t: 'ballot'; ballot: NewBallot }
  | { t: 'word'; word: NewWord }
  | { t: 'word-hidden'; cloudId: string; key: string; hidden: boolean; at: number };

interface StoredBallot {
  choices: string[];
  mode: AttendanceMode;
  clientId: string;
}

interface StoredPoll {
  poll: Poll;
  version: number;
  all: Tally;
  onsite: Tally;
  remote: Tally;
  /** voter id → their current ballot */
  ballots: Map<string, StoredBallot>;
  /** `${voterId}\n${clientId}` of every ballot ever accepted, for idempotent retries */
  seen: Set<string>;
}

interface StoredGroup {
  key: string;
  /** spelling → count, in first-seen order (ties go to the first seen) */
  spellings: Map<string, number>;
  count: number;
  onsite: number;
  remote: number;
  hidden: boolean;
  blocked: boolean;
}

interface StoredParticipantWords {
  /** Counted words, one per key, in the order sent. */
  words: MyWord[];
  /** Every client id this participant used in this cloud → the answer it got. */
  byClientId: Map<string, MyWord>;
}

interface StoredCloud {
  cloud: Cloud;
  version: number;
  /** key → group, in first-seen order */
  groups: Map<string, StoredGroup>;
  participants: Map<string, StoredParticipantWords>;
}

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
const clone = <T>(value: T): T => structuredClone(value);

/**
 * The copy of a poll or cloud handed out of the state (the state changes its own in place). Written
 * out rather than `structuredClone`: it runs for every ballot and word (a poll: 0.08 µs against 3.7 µs).
 */
export function copyItem<T extends Interaction>(item: T): T {
  if (item.kind === 'cloud') return { ...item };
  const poll: Poll = item;
  return {
    ...poll,
    options: poll.options.map((o) => ({ ...o })),
    scale: poll.scale && { ...poll.scale },
  } as T;
}

const copyTally = (tally: Tally): Tally => ({ ballots: tally.ballots, counts: { ...tally.counts } });

function emptyTally(options: Poll['options']): Tally {
  return { ballots: 0, counts: Object.fromEntries(options.map((o) => [o.id, 0])) };
}

/** Whether a voter or sender may still take part, given the lifecycle (the shared rule); the reason otherwise. */
function acceptsFrom(item: Interaction, mode: AttendanceMode, at: number): void {
  const refusal = answerRefusal(item, mode, at);
  if (refusal) throw new AppError(refusal.code, refusal.message);
}

/**
 * The polls and clouds part of the embedded state. Like `State`, each operation checks every
 * precondition before its first write.
 */
export class InteractionsState {
  polls = new Map<string, StoredPoll>();
  clouds = new Map<string, StoredCloud>();
  /** session id → poll and cloud ids, in creation order */
  bySession = new Map<string, InteractionRef[]>();

  constructor(private readonly session: (id: string) => Session | undefined) {}

  // --- reads ---

  get(ref: InteractionRef): Interaction | undefined {
    return ref.kind === 'poll' ? this.polls.get(ref.id)?.poll : this.clouds.get(ref.id)?.cloud;
  }

  listOf(sessionId: string): { polls: Poll[]; clouds: Cloud[] } {
    const polls: Poll[] = [];
    const clouds: Cloud[] = [];
    for (const ref of this.bySession.get(sessionId) ?? []) {
      const item = this.get(ref);
      if (item?.kind === 'poll') polls.push(copyItem(item));
      else if (item?.kind === 'cloud') clouds.push(copyItem(item));
    }
    return { polls, clouds };
  }

  closing(): Interaction[] {
    const out: Interaction[] = [];
    for (const p of this.polls.values()) if (p.poll.status === 'closing') out.push(copyItem(p.poll));
    for (const c of this.clouds.values()) if (c.cloud.status === 'closing') out.push(copyItem(c.cloud));
    return out;
  }

  pollResults(pollId: string): PollResults | null {
    const p = this.polls.get(pollId);
    return p ? this.results(p) : null;
  }

  cloudResults(cloudId: string): ModCloudResults | null {
    const c = this.clouds.get(cloudId);
    if (!c) return null;
    return {
      cloudId: c.cloud.id,
      sessionId: c.cloud.sessionId,
      version: c.version,
      participants: [...c.participants.values()].filter((p) => p.words.length > 0).length,
      words: [...c.groups.values()].map((g) => this.groupView(g)),
      final: c.cloud.status === 'closed',
    };
  }

  myBallots(sessionId: string, voterId: string): MyBallot[] {
    const out: MyBallot[] = [];
    for (const ref of this.bySession.get(sessionId) ?? []) {
      if (ref.kind !== 'poll') continue;
      const ballot = this.polls.get(ref.id)?.ballots.get(voterId);
      if (ballot) out.push({ pollId: ref.id, clientId: ballot.clientId, choices: [...ballot.choices] });
    }
    return out;
  }

  myWords(sessionId: string, participantId: string): MyWord[] {
    const out: MyWord[] = [];
    for (const ref of this.bySession.get(sessionId) ?? []) {
      if (ref.kind !== 'cloud') continue;
      const mine = this.clouds.get(ref.id)?.participants.get(participantId);
      if (mine) out.push(...mine.words.map((w) => ({ ...w })));
    }
    return out;
  }

  // --- changes ---

  apply(op: InteractionOp): unknown {
    switch (op.t) {
      case 'poll-create':
        return this.createPoll(op);
      case 'poll-update':
        return this.updatePoll(op);
      case 'cloud-create':
        return this.createCloud(op);
      case 'cloud-update':
        return this.updateCloud(op);
      case 'lifecycle':
        return this.lifecycle(op);
      case 'reveal':
        return this.reveal(op);
      case 'ballot':
        return this.ballot(op.ballot);
      case 'word':
        return this.word(op.word);
      case 'word-hidden':
        return this.wordHidden(op);
    }
  }

  private lifecycleFields(id: string, sessionId: string, visibility: Poll['visibility'], at: number) {
    return {
      id,
      sessionId,
      status: 'draft' as const,
      visibility,
      revealed: visibility === 'live',
      createdAt: at,
      openedAt: null,
      closedAt: null,
      remoteClosesAt: null,
    };
  }

  private register(sessionId: string, ref: InteractionRef): void {
    if (this.polls.has(ref.id) || this.clouds.has(ref.id)) throw new AppError('CONFLICT', 'id already taken');
    const list = this.bySession.get(sessionId) ?? [];
    list.push(ref);
    this.bySession.set(sessionId, list);
  }

  private createPoll(op: Extract<InteractionOp, { t: 'poll-create' }>): Poll {
    if (!this.session(op.sessionId)) throw notFound('session');
    this.register(op.sessionId, { kind: 'poll', id: op.id });
    const poll: Poll = {
      ...this.lifecycleFields(op.id, op.sessionId, op.definition.visibility, op.at),
      kind: 'poll',
      ...clone(op.definition),
    };
    this.polls.set(op.id, {
      poll,
      version: 0,
      all: emptyTally(poll.options),
      onsite: emptyTally(poll.options),
      remote: emptyTally(poll.options),
      ballots: new Map(),
      seen: new Set(),
    });
    return copyItem(poll);
  }

  private updatePoll(op: Extract<InteractionOp, { t: 'poll-update' }>): Poll {
    const p = this.polls.get(op.pollId);
    if (!p) throw notFound('poll');
    if (p.ballots.size > 0) throw new AppError('CONFLICT', 'a poll with ballots cannot be edited');
    p.poll = {
      ...p.poll,
      ...clone(op.definition),
      revealed: op.definition.visibility === 'live',
    };
    p.all = emptyTally(p.poll.options);
    p.onsite = emptyTally(p.poll.options);
    p.remote = emptyTally(p.poll.options);
    p.version += 1;
    return copyItem(p.poll);
  }

  private createCloud(op: Extract<InteractionOp, { t: 'cloud-create' }>): Cloud {
    if (!this.session(op.sessionId)) throw notFound('session');
    this.register(op.sessionId, { kind: 'cloud', id: op.id });
    const cloud: Cloud = {
      ...this.lifecycleFields(op.id, op.sessionId, op.definition.visibility, op.at),
      kind: 'cloud',
      ...clone(op.definition),
    };
    this.clouds.set(op.id, { cloud, version: 0, groups: new Map(), participants: new Map() });
    return copyItem(cloud);
  }

  private updateCloud(op: Extract<InteractionOp, { t: 'cloud-update' }>): Cloud {
    const c = this.clouds.get(op.cloudId);
    if (!c) throw notFound('cloud');
    if (c.groups.size > 0) throw new AppError('CONFLICT', 'a cloud with words cannot be edited');
    c.cloud = { ...c.cloud, ...clone(op.definition), revealed: op.definition.visibility === 'live' };
    return copyItem(c.cloud);
  }

  /**
   * Go-live: every poll and cloud of the session back to a draft as prepared (definition kept),
   * without ballots or words; results versions bumped. Returns how many had been used (opened or
   * holding results). Cannot fail, so callers may run it after their own checks.
   */
  resetSession(sessionId: string): number {
    let used = 0;
    const toDraft = (item: Interaction, hasResults: boolean) => {
      if (item.status !== 'draft' || hasResults) used += 1;
      item.status = 'draft';
      item.revealed = item.visibility === 'live';
      item.openedAt = null;
      item.closedAt = null;
      item.remoteClosesAt = null;
    };
    for (const ref of this.bySession.get(sessionId) ?? []) {
      const p = ref.kind === 'poll' ? this.polls.get(ref.id) : undefined;
      if (p) {
        toDraft(p.poll, p.seen.size > 0);
        p.all = emptyTally(p.poll.options);
        p.onsite = emptyTally(p.poll.options);
        p.remote = emptyTally(p.poll.options);
        p.ballots.clear();
        p.seen.clear();
        p.version += 1;
      }
      const c = ref.kind === 'cloud' ? this.clouds.get(ref.id) : undefined;
      if (c) {
        toDraft(c.cloud, c.participants.size > 0);
        c.groups.clear();
        c.participants.clear();
        c.version += 1;
      }
    }
    return used;
  }

  private item(ref: InteractionRef): Interaction {
    const item = this.get(ref);
    if (!item) throw notFound(ref.kind);
    return item;
  }

  private lifecycle(op: Extract<InteractionOp, { t: 'lifecycle' }>): InteractionChange {
    const item = this.item(op.ref);
    const unchanged = () => ({ item: copyItem(item), changed: false });
    switch (op.action) {
      case 'open':
        if (item.status === 'open') return unchanged();
        item.status = 'open';
        item.openedAt = op.at;
        item.closedAt = null;
        item.remoteClosesAt = null;
        break;
      case 'close': {
        if (item.status === 'draft') throw new AppError('CONFLICT', `the ${item.kind} was never opened`);
        if (item.status !== 'open') return unchanged();
        const session = this.session(item.sessionId);
        if (!session) throw notFound('session');
        item.closedAt = op.at;
        item.remoteClosesAt = op.at + session.remoteDelaySeconds * 1000;
        item.status = session.remoteDelaySeconds > 0 ? 'closing' : 'closed';
        break;
      }
      case 'finalize':
        if (item.status !== 'closing' || item.remoteClosesAt === null || op.at < item.remoteClosesAt)
          return unchanged();
        item.status = 'closed';
        break;
    }
    this.bumpVersion(op.ref);
    return { item: copyItem(item), changed: true };
  }

  /** Results carry `final`, which follows the status: a status change is a new version of them. */
  private bumpVersion(ref: InteractionRef): void {
    if (ref.kind === 'poll') {
      const p = this.polls.get(ref.id);
      if (p) p.version += 1;
    } else {
      const c = this.clouds.get(ref.id);
      if (c) c.version += 1;
    }
  }

  private reveal(op: Extract<InteractionOp, { t: 'reveal' }>): InteractionChange {
    const item = this.item(op.ref);
    const revealed = item.visibility === 'live' ? true : op.revealed;
    if (item.revealed === revealed) return { item: copyItem(item), changed: false };
    item.revealed = revealed;
    return { item: copyItem(item), changed: true };
  }

  private results(p: StoredPoll): PollResults {
    return {
      pollId: p.poll.id,
      sessionId: p.poll.sessionId,
      version: p.version,
      all: copyTally(p.all),
      onsite: copyTally(p.onsite),
      remote: copyTally(p.remote),
      final: p.poll.status === 'closed',
    };
  }

  private ballot(input: NewBallot): { ballot: MyBallot; counted: boolean; results: PollResults } {
    const p = this.polls.get(input.pollId);
    if (!p) throw notFound('poll');
    const seenKey = `${input.voterId}\n${input.clientId}`;
    const current = p.ballots.get(input.voterId);
    if (p.seen.has(seenKey) && current) {
      return {
        ballot: { pollId: p.poll.id, clientId: current.clientId, choices: [...current.choices] },
        counted: false,
        results: this.results(p),
      };
    }
    acceptsFrom(p.poll, input.mode, input.at);
    this.checkChoices(p.poll, input.choices);

    const choices = [...input.choices];
    const same =
      current !== undefined &&
      current.mode === input.mode &&
      current.choices.length === choices.length &&
      current.choices.every((c) => choices.includes(c));
    p.seen.add(seenKey);
    if (same) {
      current.clientId = input.clientId;
    } else {
      if (current) this.count(p, current, -1);
      const ballot: StoredBallot = { choices, mode: input.mode, clientId: input.clientId };
      this.count(p, ballot, +1);
      p.ballots.set(input.voterId, ballot);
      p.version += 1;
    }
    return {
      ballot: { pollId: p.poll.id, clientId: input.clientId, choices: [...choices] },
      counted: !same,
      results: this.results(p),
    };
  }

  private checkChoices(poll: Poll, choices: string[]): void {
    const invalid = (message: string) => new AppError('INVALID_PAYLOAD', message);
    const ids = new Set(poll.options.map((o) => o.id));
    if (choices.some((c) => !ids.has(c))) throw invalid('a choice is not an option of this poll');
    if (new Set(choices).size !== choices.length) throw invalid('a choice is given twice');
    const max = poll.pollKind === 'multiple' ? poll.maxChoices : 1;
    if (choices.length < 1 || choices.length > max) {
      throw invalid(max === 1 ? 'exactly one choice' : `between 1 and ${max} choices`);
    }
  }

  private count(p: StoredPoll, ballot: StoredBallot, delta: 1 | -1): void {
    for (const tally of [p.all, ballot.mode === 'onsite' ? p.onsite : p.remote]) {
      tally.ballots += delta;
      for (const choice of ballot.choices) tally.counts[choice] = (tally.counts[choice] ?? 0) + delta;
    }
  }

  private word(input: NewWord): { word: MyWord; counted: boolean } {
    const c = this.clouds.get(input.cloudId);
    if (!c) throw notFound('cloud');
    const mine = c.participants.get(input.participantId);
    const again = mine?.byClientId.get(input.clientId);
    if (again) return { word: { ...again }, counted: false };
    acceptsFrom(c.cloud, input.mode, input.at);
    if (input.key === '' || input.text === '') throw new AppError('INVALID_PAYLOAD', 'an empty word');
    if ([...input.text].length > c.cloud.maxLength) {
      throw new AppError('INVALID_PAYLOAD', `at most ${c.cloud.maxLength} characters`);
    }
    const word: MyWord = { cloudId: c.cloud.id, clientId: input.clientId, text: input.text, key: input.key };
    const entry = mine ?? { words: [], byClientId: new Map<string, MyWord>() };
    const duplicate = entry.words.some((w) => w.key === input.key);
    if (!duplicate && entry.words.length >= c.cloud.maxWordsPerParticipant) {
      throw new AppError('LIMIT_REACHED', `at most ${c.cloud.maxWordsPerParticipant} words each`);
    }

    c.participants.set(input.participantId, entry);
    entry.byClientId.set(input.clientId, word);
    if (duplicate) return { word: { ...word }, counted: false };
    entry.words.push(word);
    let group = c.groups.get(input.key);
    if (!group) {
      group = {
        key: input.key,
        spellings: new Map(),
        count: 0,
        onsite: 0,
        remote: 0,
        hidden: input.blocked,
        blocked: input.blocked,
      };
      c.groups.set(input.key, group);
    }
    group.spellings.set(input.text, (group.spellings.get(input.text) ?? 0) + 1);
    group.count += 1;
    if (input.mode === 'onsite') group.onsite += 1;
    else group.remote += 1;
    c.version += 1;
    return { word: { ...word }, counted: true };
  }

  private wordHidden(op: Extract<InteractionOp, { t: 'word-hidden' }>): ModCloudWord {
    const c = this.clouds.get(op.cloudId);
    if (!c) throw notFound('cloud');
    const group = c.groups.get(op.key);
    if (!group) throw notFound('word');
    if (group.hidden !== op.hidden) {
      group.hidden = op.hidden;
      c.version += 1;
    }
    return this.groupView(group);
  }

  private groupView(g: StoredGroup): ModCloudWord {
    let text = '';
    let best = 0;
    for (const [spelling, count] of g.spellings) {
      if (count > best) {
        text = spelling;
        best = count;
      }
    }
    return {
      key: g.key,
      text,
      count: g.count,
      onsite: g.onsite,
      remote: g.remote,
      hidden: g.hidden,
      blocked: g.blocked,
    };
  }

  // --- serialisation for snapshots ---

  toJSON(): unknown {
    return {
      polls: [...this.polls.values()].map((p) => ({
        ...p,
        ballots: [...p.ballots.entries()],
        seen: [...p.seen],
      })),
      clouds: [...this.clouds.values()].map((c) => ({
        ...c,
        groups: [...c.groups.values()].map((g) => ({ ...g, spellings: [...g.spellings.entries()] })),
        participants: [...c.participants.entries()].map(([id, p]) => [
          id,
          { words: p.words, byClientId: [...p.byClientId.entries()] },
        ]),
      })),
      bySession: [...this.bySession.entries()],
    };
  }

  /** Loads what `toJSON` wrote; a snapshot from before polls existed has no such part. */
  load(raw: unknown): void {
    if (!raw) return;
    type Json<T, K extends keyof T, V> = Omit<T, K> & { [P in K]: V };
    const data = raw as {
      polls: Json<StoredPoll, 'ballots' | 'seen', unknown>[];
      clouds: Json<StoredCloud, 'groups' | 'participants', unknown>[];
      bySession: [string, InteractionRef[]][];
    };
    for (const p of data.polls) {
      this.polls.set(p.poll.id, {
        ...p,
        ballots: new Map(p.ballots as [string, StoredBallot][]),
        seen: new Set(p.seen as string[]),
      });
    }
    for (const c of data.clouds) {
      const groups = c.groups as (Omit<StoredGroup, 'spellings'> & { spellings: [string, number][] })[];
      const participants = c.participants as [string, { words: MyWord[]; byClientId: [string, MyWord][] }][];
      this.clouds.set(c.cloud.id, {
        ...c,
        groups: new Map(groups.map((g) => [g.key, { ...g, spellings: new Map(g.spellings) }])),
        participants: new Map(
          participants.map(([id, p]) => [id, { words: p.words, byClientId: new Map(p.byClientId) }]),
        ),
      });
    }
    for (const [id, refs] of data.bySession) this.bySession.set(id, refs);
  }
}
