import { mkdir } from 'node:fs/promises';
import type { Store } from '../store.ts';
import type { JournalMetrics, StoreMetrics } from '../../observability/metrics.ts';
import { DataDirLock } from './data-dir-lock.ts';
import { Journal } from './journal.ts';
import { EmbeddedAttendanceStore } from './embedded-attendance-store.ts';
import { EmbeddedContentStore } from './embedded-content-store.ts';
import { EmbeddedIdentityStore } from './embedded-identity-store.ts';
import { EmbeddedInteractionStore } from './embedded-interaction-store.ts';
import { EmbeddedOrganizerStore } from './embedded-organizer-store.ts';
import { EmbeddedProgramStore } from './embedded-program-store.ts';
import { EmbeddedQuestionStore } from './embedded-question-store.ts';
import { EmbeddedWatchStore } from './embedded-watch-store.ts';
import type { Journaled } from './journaled.ts';
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
  /** What every part reads and writes through; the state is replaced whole when a snapshot loads. */
  private readonly journaled: Journaled = {
    state: () => this.state,
    commit: <T>(op: Op) => this.commit<T>(op),
    durable: <T>(value: T) => this.durable(value),
  };
  readonly program = new EmbeddedProgramStore(this.journaled);
  readonly identity = new EmbeddedIdentityStore(this.journaled);
  readonly questions = new EmbeddedQuestionStore(this.journaled);
  readonly interactions = new EmbeddedInteractionStore(this.journaled);
  readonly organizer = new EmbeddedOrganizerStore(this.journaled.state, this.journaled.commit);
  readonly content = new EmbeddedContentStore(this.journaled.state, this.journaled.commit);
  readonly watch = new EmbeddedWatchStore(this.journaled.state, this.journaled.commit);
  readonly attendance = new EmbeddedAttendanceStore(this.journaled.state, this.journaled.commit);

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
}
