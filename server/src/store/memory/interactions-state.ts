import type { Cloud, ModCloudResults, MyWord, Poll, Session } from '@agora/shared';
import type {
  CloudDefinition,
  Interaction,
  InteractionChange,
  InteractionRef,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';
import {
  checkCreate,
  decideLifecycle,
  decideReset,
  decideReveal,
  type LifecycleDecision,
} from '../../modules/interactions/lifecycle.rules.ts';
import { decideUpdatePoll, newPoll } from '../../modules/polls/polls.rules.ts';
import { decideUpdateCloud, newCloud } from '../../modules/wordcloud/wordcloud.rules.ts';
import {
  clearWords,
  cloudFromJSON,
  cloudResults,
  cloudToJSON,
  myWords,
  setWordHidden,
  storedCloud,
  submitWord,
  type StoredCloud,
} from './cloud-state.ts';
import {
  castBallot,
  clearBallots,
  clearTallies,
  copyPoll,
  pollFromJSON,
  pollToJSON,
  storedPoll,
  type StoredPoll,
} from './poll-state.ts';

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

/** The copy of a poll or cloud handed out of the state (the state changes its own in place). */
export function copyItem<T extends Interaction>(item: T): T {
  return (item.kind === 'cloud' ? { ...item } : copyPoll(item)) as T;
}

/**
 * The polls and clouds part of the embedded state. It decides nothing: the rules of
 * lifecycle.rules.ts, polls.rules.ts and wordcloud.rules.ts decide (or refuse) on the state as it
 * is, before any write, and what they decided is applied here.
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

  cloudResults(cloudId: string): ModCloudResults | null {
    const c = this.clouds.get(cloudId);
    return c ? cloudResults(c) : null;
  }

  myWords(sessionId: string, participantId: string): MyWord[] {
    const out: MyWord[] = [];
    for (const ref of this.bySession.get(sessionId) ?? []) {
      const c = ref.kind === 'cloud' ? this.clouds.get(ref.id) : undefined;
      if (c) out.push(...myWords(c, participantId));
    }
    return out;
  }

  // --- changes ---

  apply(op: InteractionOp): unknown {
    switch (op.t) {
      case 'poll-create': {
        this.checkCreate(op);
        const poll = newPoll(op);
        this.register(op.sessionId, { kind: 'poll', id: op.id });
        this.polls.set(op.id, storedPoll(poll));
        return copyItem(poll);
      }
      case 'poll-update': {
        const p = this.polls.get(op.pollId);
        const poll = decideUpdatePoll(p?.poll ?? null, (p?.ballots.size ?? 0) > 0, op.definition);
        const stored = p as StoredPoll;
        stored.poll = poll;
        clearTallies(stored);
        stored.version += 1;
        return copyItem(poll);
      }
      case 'cloud-create': {
        this.checkCreate(op);
        const cloud = newCloud(op);
        this.register(op.sessionId, { kind: 'cloud', id: op.id });
        this.clouds.set(op.id, storedCloud(cloud));
        return copyItem(cloud);
      }
      case 'cloud-update': {
        const c = this.clouds.get(op.cloudId);
        const cloud = decideUpdateCloud(c?.cloud ?? null, (c?.groups.size ?? 0) > 0, op.definition);
        (c as StoredCloud).cloud = cloud;
        return copyItem(cloud);
      }
      case 'lifecycle': {
        const item = this.get(op.ref) ?? null;
        const session = item && op.action === 'close' ? this.session(item.sessionId) : undefined;
        const remoteDelaySeconds = session ? session.remoteDelaySeconds : null;
        return this.applyLifecycle(op.ref, decideLifecycle(item, op.ref, { ...op, remoteDelaySeconds }));
      }
      case 'reveal':
        return this.applyLifecycle(op.ref, decideReveal(this.get(op.ref) ?? null, op.ref, op.revealed));
      case 'ballot':
        return castBallot(this.polls.get(op.ballot.pollId), op.ballot);
      case 'word':
        return submitWord(this.clouds.get(op.word.cloudId), op.word);
      case 'word-hidden':
        return setWordHidden(this.clouds.get(op.cloudId), op.key, op.hidden);
    }
  }

  private checkCreate(op: { id: string; sessionId: string }): void {
    checkCreate({
      sessionExists: this.session(op.sessionId) !== undefined,
      idTaken: this.polls.has(op.id) || this.clouds.has(op.id),
    });
  }

  private register(sessionId: string, ref: InteractionRef): void {
    const list = this.bySession.get(sessionId) ?? [];
    list.push(ref);
    this.bySession.set(sessionId, list);
  }

  /** Applies a decision taken on this poll or cloud (which therefore exists). */
  private applyLifecycle(ref: InteractionRef, d: LifecycleDecision): InteractionChange {
    const item = this.get(ref) as Interaction;
    Object.assign(item, d.patch);
    if (d.bumpVersion) {
      const stored = ref.kind === 'poll' ? this.polls.get(ref.id) : this.clouds.get(ref.id);
      if (stored) stored.version += 1;
    }
    return { item: copyItem(item), changed: d.changed };
  }

  /**
   * Go-live: every poll and cloud of the session back to a draft as prepared (definition kept),
   * without ballots or words; results versions bumped. Returns how many had been used (opened or
   * holding results). Cannot fail, so callers may run it after their own checks.
   */
  resetSession(sessionId: string): number {
    let used = 0;
    for (const ref of this.bySession.get(sessionId) ?? []) {
      const p = ref.kind === 'poll' ? this.polls.get(ref.id) : undefined;
      const c = ref.kind === 'cloud' ? this.clouds.get(ref.id) : undefined;
      const stored = p ?? c;
      if (!stored) continue;
      const item = p ? p.poll : (c as StoredCloud).cloud;
      const reset = decideReset(item, p ? p.seen.size > 0 : (c as StoredCloud).participants.size > 0);
      if (reset.used) used += 1;
      Object.assign(item, reset.patch);
      if (p) clearBallots(p);
      if (c) clearWords(c);
      stored.version += 1;
    }
    return used;
  }

  // --- serialisation for snapshots ---

  toJSON(): unknown {
    return {
      polls: [...this.polls.values()].map(pollToJSON),
      clouds: [...this.clouds.values()].map(cloudToJSON),
      bySession: [...this.bySession.entries()],
    };
  }

  /** Loads what `toJSON` wrote; a snapshot from before polls existed has no such part. */
  load(raw: unknown): void {
    if (!raw) return;
    const data = raw as { polls: unknown[]; clouds: unknown[]; bySession: [string, InteractionRef[]][] };
    for (const raw of data.polls) {
      const p = pollFromJSON(raw);
      this.polls.set(p.poll.id, p);
    }
    for (const raw of data.clouds) {
      const c = cloudFromJSON(raw);
      this.clouds.set(c.cloud.id, c);
    }
    for (const [id, refs] of data.bySession) this.bySession.set(id, refs);
  }
}
