import { mkdir } from 'node:fs/promises';
import type {
  Cloud,
  Edition,
  InteractionPolicy,
  ModCloudResults,
  ModCloudWord,
  MyBallot,
  MyWord,
  Poll,
  PollResults,
  Role,
  ScreenItem,
  Session,
} from '@agora/shared';
import type { Store } from '../store.ts';
import type {
  CodeRecord,
  ModeratorRecord,
  PrincipalRecord,
  RegistrantRecord,
  ScreenRecord,
} from '../../modules/identity/identity.store.ts';
import type {
  NewQuestion,
  QuestionChange,
  QuestionRecord,
  SessionLive,
} from '../../modules/questions/questions.store.ts';
import type {
  CloudDefinition,
  Interaction,
  InteractionChange,
  InteractionRef,
  NewBallot,
  NewWord,
  PollDefinition,
} from '../../modules/interactions/interactions.store.ts';
import type { JournalMetrics, StoreMetrics } from '../../observability/metrics.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { checkEditionSlug } from '../../modules/program/program.rules.ts';
import { copyItem } from './interactions-state.ts';
import { Journal } from './journal.ts';
import { EmbeddedAttendanceStore } from './embedded-attendance-store.ts';
import { EmbeddedContentStore } from './embedded-content-store.ts';
import { EmbeddedWatchStore } from './embedded-watch-store.ts';
import { EmbeddedOrganizerStore } from './embedded-organizer-store.ts';
import { principalKey } from './identity-state.ts';
import { snapshotOf, stateOfSnapshot } from './state-snapshot.ts';
import { State, type Op } from './state.ts';

export interface EmbeddedStoreOptions {
  dataDir: string;
  /** Operations between two snapshots. */
  snapshotEvery?: number;
  /** Called when the disk refuses a write: the process must stop, memory is ahead of the disk. */
  onFatal?: (error: Error) => void;
  /**
   * Who takes the folder's lock (`server`, a script's name), printed to a process refused; `false`
   * takes none, for tests that reopen a folder in one process as a restart after `kill -9` would.
   */
  lock?: string | false;
  /** Called if the lock is ever found taken by another process: the process must stop writing. */
  onLockLost?: (error: Error) => void;
  /** Where write and journal latencies go (`/metrics`). */
  metrics?: JournalMetrics & StoreMetrics;
}

/**
 * The default store: state in memory, every change journaled and fsynced before its promise
 * resolves (group commit), snapshots for fast restarts. Survives `kill -9`.
 */
export class EmbeddedStore implements Store {
  readonly kind = 'embedded';
  private state = new State();
  readonly organizer = new EmbeddedOrganizerStore(
    () => this.state,
    <T>(op: Op) => this.commit<T>(op),
  );
  readonly content = new EmbeddedContentStore(
    () => this.state,
    <T>(op: Op) => this.commit<T>(op),
  );
  readonly watch = new EmbeddedWatchStore(
    () => this.state,
    <T>(op: Op) => this.commit<T>(op),
  );
  readonly attendance = new EmbeddedAttendanceStore(
    () => this.state,
    <T>(op: Op) => this.commit<T>(op),
  );

  private constructor(
    private readonly journal: Journal<Op>,
    /** The data folder's lock, held from before the files are read until they are closed. */
    readonly lock: DataDirLock | null,
    private readonly metrics: StoreMetrics | undefined,
  ) {}

  /**
   * Takes the data folder's lock (a second process on the folder would replace the journal this one
   * appends to: its acknowledged writes would be lost), then loads the folder. Throws
   * `DataDirLockedError`, naming the holder, if another live process has it.
   */
  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const journal = new Journal<Op>(
      options.dataDir,
      options.snapshotEvery ?? 20_000,
      options.onFatal ??
        ((error) => {
          throw error;
        }),
      options.metrics,
    );
    await mkdir(options.dataDir, { recursive: true });
    const lock =
      options.lock === false
        ? null
        : await DataDirLock.acquire(options.dataDir, options.lock ?? 'server', options.onLockLost);
    const store = new EmbeddedStore(journal, lock, options.metrics);
    try {
      const { snapshot, entries } = await journal.load();
      if (snapshot) store.state = stateOfSnapshot(snapshot);
      for (const entry of entries) store.state.apply(entry.op);
      await journal.start(store.serialise);
    } catch (error) {
      lock?.release();
      throw error;
    }
    return store;
  }

  /** Whether the journal still accepts writes (it refuses all once the disk refused one). */
  async probe(): Promise<void> {
    this.journal.check();
  }

  private readonly serialise = (): string => JSON.stringify(snapshotOf(this.state));

  /** Applies in memory (atomically, or throws untouched), then waits until the journal has it on disk. */
  private async commit<T>(op: Op): Promise<T> {
    const startedAt = performance.now();
    const result = this.state.apply(op) as T;
    await this.journal.append(op, this.serialise);
    this.metrics?.written((performance.now() - startedAt) / 1000);
    return result;
  }

  /**
   * For reads that reach clients (snapshots, results): the value is taken now, and handed over once
   * every change it may include is on disk, so no screen shows what a crash could take back.
   */
  private async durable<T>(value: T): Promise<T> {
    await this.journal.settled();
    return value;
  }

  /**
   * Writes a snapshot of this instant to `file` (a backup, `backup.ts`) while writes go on; it
   * holds only what is durable. Returns the operation number it covers.
   */
  copySnapshot(file: string): Promise<number> {
    return this.journal.copySnapshot(file, this.serialise);
  }

  /** Resolves once nothing is being written (batches, a snapshot): the files are as a crash would leave them. */
  idle(): Promise<void> {
    return this.journal.idle();
  }

  async close(): Promise<void> {
    try {
      await this.journal.close(this.serialise);
    } finally {
      this.lock?.release();
    }
  }

  // --- program ---

  async isEmpty(): Promise<boolean> {
    return this.state.editions.size === 0;
  }
  claimDemo(): Promise<boolean> {
    return this.commit({ t: 'claim', name: 'demo' });
  }
  /**
   * Checked here rather than in `State.apply`, and before the commit with nothing awaited between:
   * journals written before the rule may hold two editions with one slug, and must still replay.
   */
  async putEdition(edition: Edition): Promise<void> {
    checkEditionSlug(this.editionBySlug(edition.slug)?.id ?? null, edition.id);
    await this.commit({ t: 'edition', edition });
  }
  async getEdition(id: string): Promise<Edition | null> {
    return this.state.editions.get(id) ?? null;
  }
  async getEditionBySlug(slug: string): Promise<Edition | null> {
    return this.editionBySlug(slug);
  }
  /** The first edition inserted with this slug. */
  private editionBySlug(slug: string): Edition | null {
    for (const e of this.state.editions.values()) if (e.slug === slug) return e;
    return null;
  }
  async putSession(session: Session): Promise<void> {
    await this.commit({ t: 'session', session });
  }
  async getSession(id: string): Promise<Session | null> {
    return this.state.sessions.get(id) ?? null;
  }
  async listSessions(editionId: string): Promise<Session[]> {
    return [...this.state.sessions.values()]
      .filter((s) => s.editionId === editionId)
      .sort((a, b) => a.startsAt - b.startsAt);
  }
  setPolicy(sessionId: string, policy: InteractionPolicy): Promise<Session> {
    return this.commit({ t: 'policy', sessionId, policy });
  }
  setRemoteDelay(sessionId: string, remoteDelaySeconds: number): Promise<Session> {
    return this.commit({ t: 'delay', sessionId, remoteDelaySeconds });
  }
  setBlackout(sessionId: string, on: boolean): Promise<Session> {
    return this.commit({ t: 'blackout', sessionId, on });
  }

  // --- identity ---

  async putRegistrant(registrant: RegistrantRecord): Promise<void> {
    await this.commit({ t: 'registrant', registrant });
  }
  async putModerator(moderator: ModeratorRecord): Promise<void> {
    await this.commit({ t: 'moderator', moderator });
  }
  async putScreen(screen: ScreenRecord): Promise<void> {
    await this.commit({ t: 'screen', screen });
  }
  async getPrincipal(role: Role, id: string): Promise<PrincipalRecord | null> {
    const p = this.state.principals.get(principalKey(role, id));
    return p ? { ...p } : null;
  }
  async putCode(code: CodeRecord): Promise<void> {
    await this.commit({ t: 'code', code });
  }
  async findCode(hash: string): Promise<CodeRecord | null> {
    const c = this.state.codes.get(hash);
    return c ? { ...c } : null;
  }
  revokeCodes(role: Role, principalId: string): Promise<number> {
    return this.commit({ t: 'revoke', role, principalId });
  }
  erasePrincipal(role: Role, editionId: string, principalId: string): Promise<number> {
    return this.commit({ t: 'erase-principal', role, editionId, principalId });
  }

  // --- questions ---

  anonymiseAuthor(editionId: string, authorId: string): Promise<number> {
    return this.commit({ t: 'anonymise-author', editionId, authorId });
  }
  wipeQuestions(editionId: string): Promise<number> {
    return this.commit({ t: 'org-wipe-questions', editionId });
  }

  getLive(sessionId: string): Promise<SessionLive> {
    return this.durable({ ...this.state.liveOf(sessionId) });
  }
  listQuestions(sessionId: string): Promise<readonly QuestionRecord[]> {
    return this.durable(
      (this.state.bySession.get(sessionId) ?? []).map((id) => {
        const q = this.state.questions.get(id);
        if (!q) throw new Error(`index points at missing question ${id}`);
        return this.state.view(q);
      }),
    );
  }
  async getQuestion(id: string): Promise<QuestionRecord | null> {
    const q = this.state.questions.get(id);
    return q ? this.state.view(q) : null;
  }
  listUpvoted(sessionId: string, voterId: string): Promise<string[]> {
    return this.durable(
      (this.state.bySession.get(sessionId) ?? []).filter((id) =>
        this.state.questions.get(id)?.voters.has(voterId),
      ),
    );
  }
  askQuestion(q: NewQuestion): Promise<QuestionChange & { question: QuestionRecord; created: boolean }> {
    return this.commit({ t: 'ask', q });
  }
  setUpvote(input: {
    questionId: string;
    voterId: string;
    up: boolean;
    at: number;
  }): Promise<QuestionChange & { question: QuestionRecord; upvoted: boolean }> {
    return this.commit({ t: 'upvote', ...input });
  }
  moderate(input: Omit<Extract<Op, { t: 'moderate' }>, 't'>): Promise<QuestionChange> {
    return this.commit({ t: 'moderate', ...input });
  }
  editQuestion(input: Omit<Extract<Op, { t: 'edit' }>, 't'>): Promise<QuestionChange> {
    return this.commit({ t: 'edit', ...input });
  }
  mergeQuestions(input: Omit<Extract<Op, { t: 'merge' }>, 't'>): Promise<QuestionChange> {
    return this.commit({ t: 'merge', ...input });
  }
  setOnScreen(input: Omit<Extract<Op, { t: 'onscreen' }>, 't'>): Promise<QuestionChange> {
    return this.commit({ t: 'onscreen', ...input });
  }

  // --- polls, word clouds, screen ---

  wipeInteractions(editionId: string): Promise<number> {
    return this.commit({ t: 'org-wipe-interactions', editionId });
  }

  listInteractions(sessionId: string): Promise<{ polls: Poll[]; clouds: Cloud[] }> {
    return this.durable(this.state.interactions.listOf(sessionId));
  }
  async getPoll(id: string): Promise<Poll | null> {
    const poll = this.state.interactions.get({ kind: 'poll', id });
    return poll?.kind === 'poll' ? copyItem(poll) : null;
  }
  async getCloud(id: string): Promise<Cloud | null> {
    const cloud = this.state.interactions.get({ kind: 'cloud', id });
    return cloud?.kind === 'cloud' ? copyItem(cloud) : null;
  }
  async listClosing(): Promise<Interaction[]> {
    return this.state.interactions.closing();
  }
  pollResults(pollId: string): Promise<PollResults | null> {
    return this.durable(this.state.interactions.pollResults(pollId));
  }
  cloudResults(cloudId: string): Promise<ModCloudResults | null> {
    return this.durable(this.state.interactions.cloudResults(cloudId));
  }
  listMyBallots(sessionId: string, voterId: string): Promise<MyBallot[]> {
    return this.durable(this.state.interactions.myBallots(sessionId, voterId));
  }
  listMyWords(sessionId: string, participantId: string): Promise<MyWord[]> {
    return this.durable(this.state.interactions.myWords(sessionId, participantId));
  }
  createPoll(input: {
    id: string;
    sessionId: string;
    definition: PollDefinition;
    at: number;
  }): Promise<Poll> {
    return this.commit({ t: 'poll-create', ...input });
  }
  updatePoll(input: { pollId: string; definition: PollDefinition; at: number }): Promise<Poll> {
    return this.commit({ t: 'poll-update', ...input });
  }
  createCloud(input: {
    id: string;
    sessionId: string;
    definition: CloudDefinition;
    at: number;
  }): Promise<Cloud> {
    return this.commit({ t: 'cloud-create', ...input });
  }
  updateCloud(input: { cloudId: string; definition: CloudDefinition; at: number }): Promise<Cloud> {
    return this.commit({ t: 'cloud-update', ...input });
  }
  openInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.commit({ t: 'lifecycle', action: 'open', ref, at });
  }
  closeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.commit({ t: 'lifecycle', action: 'close', ref, at });
  }
  finalizeInteraction(ref: InteractionRef, at: number): Promise<InteractionChange> {
    return this.commit({ t: 'lifecycle', action: 'finalize', ref, at });
  }
  revealInteraction(ref: InteractionRef, revealed: boolean, at: number): Promise<InteractionChange> {
    return this.commit({ t: 'reveal', ref, revealed, at });
  }
  castBallot(ballot: NewBallot): Promise<{ ballot: MyBallot; counted: boolean; results: PollResults }> {
    return this.commit({ t: 'ballot', ballot });
  }
  submitWord(word: NewWord): Promise<{ word: MyWord; counted: boolean }> {
    return this.commit({ t: 'word', word });
  }
  setWordHidden(input: { cloudId: string; key: string; hidden: boolean; at: number }): Promise<ModCloudWord> {
    return this.commit({ t: 'word-hidden', ...input });
  }
  setScreen(input: { sessionId: string; item: ScreenItem | null; at: number }): Promise<QuestionChange> {
    return this.commit({ t: 'set-screen', ...input });
  }
}
