import { mkdir } from 'node:fs/promises';
import type { Store } from '../store.ts';
import type { JournalMetrics, StoreMetrics } from '../../observability/metrics.ts';
import { DataDirLock } from '../../data-dir-lock.ts';
import { Journal } from './journal.ts';
import { EmbeddedAttendanceStore } from './embedded-attendance-store.ts';
import { EmbeddedContentStore } from './embedded-content-store.ts';
import { EmbeddedIdentityStore } from './embedded-identity-store.ts';
import { EmbeddedInteractionStore } from './embedded-interaction-store.ts';
import { EmbeddedOrganizerStore } from './embedded-organizer-store.ts';
import { EmbeddedProgramStore } from './embedded-program-store.ts';
import { EmbeddedQuestionStore } from './embedded-question-store.ts';
import { EmbeddedWatchStore } from './embedded-watch-store.ts';
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
  readonly program: EmbeddedProgramStore;
  readonly identity: EmbeddedIdentityStore;
  readonly questions: EmbeddedQuestionStore;
  readonly interactions: EmbeddedInteractionStore;
  readonly organizer: EmbeddedOrganizerStore;
  readonly content: EmbeddedContentStore;
  readonly watch: EmbeddedWatchStore;
  readonly attendance: EmbeddedAttendanceStore;

  /** Every part reads and writes through the journal (`Journaled`), which holds the state. */
  private constructor(
    private readonly journal: Journal<Op, State>,
    /** The data folder's lock, held from before the files are read until they are closed. */
    readonly lock: DataDirLock | null,
  ) {
    this.program = new EmbeddedProgramStore(journal);
    this.identity = new EmbeddedIdentityStore(journal);
    this.questions = new EmbeddedQuestionStore(journal);
    this.interactions = new EmbeddedInteractionStore(journal);
    this.organizer = new EmbeddedOrganizerStore(journal);
    this.content = new EmbeddedContentStore(journal);
    this.watch = new EmbeddedWatchStore(journal);
    this.attendance = new EmbeddedAttendanceStore(journal);
  }

  /**
   * Takes the data folder's lock (a second process on the folder would replace the journal this one
   * appends to: its acknowledged writes would be lost), then loads the folder. Throws
   * `DataDirLockedError`, naming the holder, if another live process has it.
   */
  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const journal = new Journal<Op, State>(
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
    const store = new EmbeddedStore(journal, lock);
    try {
      const { snapshot, entries } = await journal.load();
      const state = snapshot ? stateOfSnapshot(snapshot) : new State();
      for (const entry of entries) state.apply(entry.op);
      journal.attach(state);
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

  private readonly serialise = (): string => JSON.stringify(snapshotOf(this.journal.state()));

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
