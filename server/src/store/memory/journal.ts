import { closeSync, constants, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalMetrics, StoreMetrics } from '../../observability/metrics.ts';
import { DATA_FORMAT, migrateOp, migrateState, UNVERSIONED } from './data-format.ts';
import { writeDurably } from './durable-file.ts';

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
}

/** One journal line: the operation number and the operation. */
export interface JournalEntry<Op> {
  n: number;
  op: Op;
}

const snapshotText = (n: number, stateJson: string) =>
  `{"format":${DATA_FORMAT},"n":${n},"state":${stateJson}}`;

/** The first line of every journal file: the format its entries are written in. */
const JOURNAL_HEADER = `${JSON.stringify({ format: DATA_FORMAT })}\n`;

/**
 * Journal files are opened with O_DSYNC where the platform has it: each `write` returns once the
 * data is on disk (as write + fdatasync in one call; an explicit fdatasync elsewhere).
 */
const DSYNC = constants.O_DSYNC as number | undefined;
const journalFlags = DSYNC
  ? constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | DSYNC
  : constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND;

/** Under load, at most one write per this many ms: the entries of the turns between share it. */
const MIN_WRITE_GAP_MS = 2;
/**
 * A busy journal (more than `BUSY_PER_SECOND` entries in the last second or so) writes at most once
 * per `BUSY_WRITE_GAP_MS`. A write costs the process 50–70 µs of system time whatever its size
 * (O_DSYNC: 200 B or 20 kB alike, measured here), so in a 5,000-ballot-a-second burst one write per
 * 2 ms was 7 µs of CPU per ballot (perf, 10,000 participants); one per 8 ms makes it under 2, for
 * 3 ms more of wait on average before an ack. The pace of a quiet journal is unchanged.
 */
const BUSY_PER_SECOND = 500;
const BUSY_WRITE_GAP_MS = 8;

/**
 * The journal is quiet when a batch is this small and it took no more than `QUIET_PER_SECOND`
 * entries in the last second or so: a due snapshot may be taken then. The rate matters: in a vote
 * burst of 5,000 ballots a second the batches, one per `MIN_WRITE_GAP_MS`, hold about ten entries
 * each, and a batch's size alone let the snapshot (serialising the whole state: 49 ms in a
 * 10,000-participant burst) stall the burst's acks.
 */
const QUIET_BATCH = 16;
const QUIET_PER_SECOND = 100;
/** The rate is counted over two half-second windows (this one and the one before). */
const RATE_WINDOW_MS = 500;

/** Opens a new journal file and writes its header line (on disk when this returns, as every write). */
function openJournalFile(path: string): number {
  const fd = openSync(path, journalFlags, 0o666);
  writeSync(fd, JOURNAL_HEADER);
  if (!DSYNC) fdatasyncSync(fd);
  return fd;
}

const JOURNAL = /^journal-(\d+)\.jsonl$/;
const SNAPSHOT = 'snapshot.json';

/**
 * Append-only journal with group commit: the entries appended during one turn of the event loop
 * are written and made durable together at the end of it, so a burst of N changes costs one short
 * wait for the disk per turn, not N. `append` resolves only once the entry is on disk: that is
 * what an ack waits for.
 *
 * Compaction writes a snapshot (state at operation n) and starts a new journal file; replay loads
 * the snapshot and applies every journaled entry with a higher number, ignoring a torn last line
 * left by a crash mid-write. A due snapshot waits for a quiet moment (a batch of a few entries and
 * few in the last second: `QUIET_BATCH`), or at most another `snapshotEvery` operations, so a burst does not pay for serialising the
 * whole state; and it is written beside the journal, not in the flush loop: the next batches go to
 * the new file meanwhile, and the old files are removed once the snapshot is on disk.
 */
export class Journal<Op, S extends { apply(op: Op): unknown }> {
  /** The state the operations apply to, given once loaded (`attach`). */
  private current!: S;
  private fd: number | null = null;
  private scheduled = false;
  private lastWriteAt = -Infinity;
  private buffer: string[] = [];
  private waiters: Waiter[] = [];
  private failed: Error | null = null;
  /** Set once the final snapshot is written and the file closed. */
  private closed = false;
  private lastN = 0;
  /** Highest operation number known to be on disk. */
  private durableN = 0;
  private barriers: { n: number; resolve: () => void }[] = [];
  private sinceSnapshot = 0;
  /** Entries written in the current rate window (since `windowAt`) and in the one before it. */
  private windowAt = -Infinity;
  private inWindow = 0;
  private inWindowBefore = 0;
  private serialise: (() => string) | null = null;
  /** The snapshot being written beside the journal, if any (one at a time). */
  private snapshotting: Promise<void> | null = null;
  /** Entries `load` found after the snapshot: none after a clean stop, whose last act is a snapshot. */
  private replayed = 0;
  /** Whether `load` read files of an older data format: the start writes them anew in this one. */
  private upgraded = false;

  constructor(
    private readonly dir: string,
    private readonly snapshotEvery: number,
    private readonly onFatal: (error: Error) => void,
    private readonly metrics?: JournalMetrics & Partial<StoreMetrics>,
  ) {}

  /** Reads the snapshot and journal files; returns the snapshot (if any) and the entries after it. */
  async load(): Promise<{ snapshot: unknown; entries: JournalEntry<Op>[] }> {
    await mkdir(this.dir, { recursive: true });
    let snapshot: unknown = null;
    let snapN = 0;
    try {
      const parsed = JSON.parse(await readFile(join(this.dir, SNAPSHOT), 'utf8')) as {
        format?: number;
        n: number;
        state: unknown;
      };
      const format = parsed.format ?? UNVERSIONED;
      snapshot = migrateState(parsed.state, format, join(this.dir, SNAPSHOT));
      if (format < DATA_FORMAT) this.upgraded = true;
      snapN = parsed.n;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const entries: JournalEntry<Op>[] = [];
    for (const file of await this.journalFiles()) {
      const lines = (await readFile(join(this.dir, file.name), 'utf8')).split('\n');
      // Files from before the format was written have no header line: format 1.
      let format = UNVERSIONED;
      lines.forEach((line, index) => {
        if (line === '') return;
        let entry: JournalEntry<Op> | { format: number };
        try {
          entry = JSON.parse(line) as JournalEntry<Op> | { format: number };
        } catch (error) {
          // Only the very last line of a file can be torn (killed mid-write); anything else is corruption.
          if (index >= lines.length - 2) return;
          throw new Error(`journal ${file.name} line ${index + 1} is corrupt`, { cause: error });
        }
        if (!('n' in entry)) {
          format = entry.format;
          return;
        }
        if (entry.n <= snapN) return;
        if (format < DATA_FORMAT) this.upgraded = true;
        entries.push({ n: entry.n, op: migrateOp(entry.op, format, join(this.dir, file.name)) });
      });
    }
    entries.sort((a, b) => a.n - b.n);
    this.replayed = entries.length;
    this.lastN = Math.max(snapN, entries.at(-1)?.n ?? 0);
    this.durableN = this.lastN;
    return { snapshot, entries };
  }

  /** The state loaded (snapshot and replayed entries), which `commit` applies operations to. */
  attach(state: S): void {
    this.current = state;
  }

  state(): S {
    return this.current;
  }

  /**
   * Applies an operation (atomically, or it throws untouched) and resolves with what it returned
   * once it is on disk: what an ack waits for. `apply` is the operation's own change when the
   * caller holds it (a ballot goes to its poll's state directly); by default the state applies it.
   * Either way a replay applies the same operation through the state.
   */
  async commit<T>(op: Op, apply?: () => T): Promise<T> {
    const startedAt = performance.now();
    const result = apply ? apply() : (this.state().apply(op) as T);
    await this.append(op);
    this.metrics?.written?.((performance.now() - startedAt) / 1000);
    return result;
  }

  /** For reads that reach clients: the value taken now, handed over once all it may include is on disk. */
  async durable<T>(value: T): Promise<T> {
    await this.settled();
    return value;
  }

  /** Opens a fresh journal file; call after `load`, replay and `attach`. */
  async start(serialise: () => string): Promise<void> {
    this.serialise = serialise;
    // Compacting at start keeps the number of files small and drops any torn tail for good. After a
    // clean stop the snapshot on disk holds everything already: writing it again (serialising and
    // syncing the whole state) would only delay the restart.
    if (this.replayed > 0 || this.upgraded) await this.writeSnapshot(serialise());
    // Every complete entry is in the snapshot now; old files (and a torn tail) can go.
    await this.removeJournals();
    this.fd = openJournalFile(join(this.dir, `journal-${this.lastN + 1}.jsonl`));
  }

  /** Appends an operation; resolves once it is durable. `serialise` (from `start`) when a snapshot is due. */
  private append(op: Op): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    // After close: refused, not fatal (the process is stopping; the client's outbox re-sends).
    if (this.closed) return Promise.reject(new Error('the journal is closed'));
    this.lastN += 1;
    this.buffer.push(`${JSON.stringify({ n: this.lastN, op })}\n`);
    this.sinceSnapshot += 1;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  /**
   * Resolves once every operation appended so far is on disk. Reads that go out to clients
   * (snapshots, results) wait on it, so nobody is shown a change a crash could still take back.
   * Later appends do not delay it, so a steady stream of writes cannot starve a reader.
   */
  settled(): Promise<void> {
    if (this.durableN >= this.lastN || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.barriers.push({ n: this.lastN, resolve }));
  }

  private releaseBarriers(): void {
    if (this.barriers.length === 0) return;
    const waiting: { n: number; resolve: () => void }[] = [];
    for (const b of this.barriers) {
      if (b.n <= this.durableN) b.resolve();
      else waiting.push(b);
    }
    this.barriers = waiting;
  }

  /**
   * Group commit at the end of each turn of the event loop: every change made in this turn (all
   * the commands read from the sockets) is written and made durable in one synchronous write, and
   * their acks go out in the same turn. One short wait for the disk per turn, never one per change;
   * an asynchronous write would make every ack wait for the next turn of a loop busy with 10,000
   * sockets. Under load, when turns follow each other quickly, at most one write per
   * `MIN_WRITE_GAP_MS` (`BUSY_WRITE_GAP_MS` when busy): the turns in between share it (a quiet
   * server writes at once).
   */
  private kick(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.lastWriteAt = performance.now();
      this.flushBatch();
    };
    const now = performance.now();
    const wait = this.lastWriteAt + (this.busy(now) ? BUSY_WRITE_GAP_MS : MIN_WRITE_GAP_MS) - now;
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait);
  }

  private flushBatch(): void {
    if (this.buffer.length === 0 || this.failed) return;
    const lines = this.buffer.join('');
    const waiters = this.waiters;
    const upTo = this.lastN;
    this.buffer = [];
    this.waiters = [];
    try {
      if (this.fd === null) throw new Error('journal not started');
      const data = Buffer.from(lines);
      const startedAt = performance.now();
      let off = 0;
      while (off < data.length) {
        const written = writeSync(this.fd, data, off);
        if (written <= 0) throw new Error('journal write made no progress');
        off += written;
      }
      if (!DSYNC) fdatasyncSync(this.fd);
      this.metrics?.flushed((performance.now() - startedAt) / 1000, waiters.length);
      this.count(startedAt, waiters.length);
      this.durableN = upTo;
      for (const w of waiters) w.resolve();
      this.releaseBarriers();
    } catch (error) {
      // The in-memory state is ahead of the disk now: refuse everything and let the process restart.
      this.fail(error, waiters);
      return;
    }
    this.maybeCompact(upTo, waiters.length);
  }

  /** Counts a batch of entries written at `now` in the rate windows. */
  private count(now: number, entries: number): void {
    if (now - this.windowAt >= RATE_WINDOW_MS) {
      this.inWindowBefore = now - this.windowAt < 2 * RATE_WINDOW_MS ? this.inWindow : 0;
      this.inWindow = 0;
      this.windowAt = now;
    }
    this.inWindow += entries;
  }

  /** Entries in this rate window and the one before (a window that ended a window ago counts for nothing). */
  private recent(now: number): number {
    this.count(now, 0);
    return this.inWindow + this.inWindowBefore;
  }

  /** Whether entries come faster than `BUSY_PER_SECOND` (then a write waits `BUSY_WRITE_GAP_MS`). */
  private busy(now: number): boolean {
    return this.recent(now) > BUSY_PER_SECOND;
  }

  /** Whether the journal is quiet after a batch of `batch` entries (`QUIET_BATCH`, `QUIET_PER_SECOND`). */
  private quiet(batch: number): boolean {
    if (batch > QUIET_BATCH) return false;
    return this.recent(performance.now()) <= QUIET_PER_SECOND;
  }

  /** Refuses everything from now on: the in-memory state is ahead of the disk, the process must restart. */
  private fail(error: unknown, waiters: Waiter[] = []): void {
    if (this.failed) return;
    this.failed = error instanceof Error ? error : new Error(String(error));
    for (const w of [...waiters, ...this.waiters]) w.reject(this.failed);
    this.waiters = [];
    for (const b of this.barriers) b.resolve();
    this.barriers = [];
    this.onFatal(this.failed);
  }

  /**
   * After a batch (every entry up to `upTo` is on disk): if a snapshot is due and the journal is
   * quiet (or the snapshot is overdue), captures the state now, switches to a new journal file and
   * writes the snapshot in the background.
   */
  private maybeCompact(upTo: number, batch: number): void {
    if (this.sinceSnapshot < this.snapshotEvery || this.snapshotting || !this.serialise) return;
    if (!this.quiet(batch) && this.sinceSnapshot < 2 * this.snapshotEvery) return;
    // Synchronously with the capture: the state holds exactly the operations up to lastN.
    const n = this.lastN;
    const text = snapshotText(n, this.serialise());
    this.sinceSnapshot = 0;
    // Entries up to `upTo` are in the current file; the rest (buffered, ≤ n or later) go to the new one.
    const old = this.fd;
    try {
      this.fd = openJournalFile(join(this.dir, `journal-${upTo + 1}.jsonl`));
    } catch (error) {
      this.fail(error);
      return;
    }
    this.snapshotting = (async () => {
      if (old !== null) closeSync(old);
      // A snapshot only ever holds what is already durable in the journal.
      await this.settledUpTo(n);
      if (this.failed) return;
      await this.writeSnapshotText(text);
      await this.removeJournalsUpTo(n);
    })()
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.snapshotting = null;
      });
  }

  private settledUpTo(n: number): Promise<void> {
    if (this.durableN >= n || this.failed) return Promise.resolve();
    return new Promise((resolve) => this.barriers.push({ n, resolve }));
  }

  /**
   * Writes a snapshot of the state as it is now into `file` (another folder: a backup), once every
   * operation it holds is durable here too, so a backup never holds what a crash could take back.
   * The capture is synchronous: the copy is of one instant, while writes go on. Returns the
   * operation number it covers.
   */
  async copySnapshot(file: string, serialise: () => string): Promise<number> {
    this.check();
    const n = this.lastN;
    const text = snapshotText(n, serialise());
    await this.settledUpTo(n);
    this.check();
    await writeDurably(file, text);
    return n;
  }

  private async writeSnapshot(stateJson: string): Promise<void> {
    await this.writeSnapshotText(snapshotText(this.lastN, stateJson));
  }

  private async writeSnapshotText(text: string): Promise<void> {
    await writeDurably(join(this.dir, SNAPSHOT), text);
  }

  private async journalFiles(): Promise<{ name: string; first: number }[]> {
    return (await readdir(this.dir))
      .map((name) => ({ name, match: JOURNAL.exec(name) }))
      .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
      .map((f) => ({ name: f.name, first: Number(f.match[1]) }))
      .sort((a, b) => a.first - b.first);
  }

  /** Removes every journal file: only once the snapshot on disk covers every entry in them. */
  private async removeJournals(): Promise<void> {
    for (const file of await this.journalFiles()) await rm(join(this.dir, file.name));
  }

  /** Removes journal files whose every entry is covered by the snapshot (all but the current one). */
  private async removeJournalsUpTo(n: number): Promise<void> {
    const files = await this.journalFiles();
    for (const [i, file] of files.entries()) {
      const next = files[i + 1];
      if (next && next.first <= n + 1) await rm(join(this.dir, file.name));
    }
  }

  /** Throws if the journal no longer accepts writes: it failed, or it is closed or not started. */
  check(): void {
    if (this.failed) throw this.failed;
    if (this.fd === null) throw new Error('the journal is closed');
  }

  /** Resolves once nothing is being written: no batch in flight, no snapshot being written. */
  async idle(): Promise<void> {
    while (this.scheduled || this.snapshotting) {
      await (this.snapshotting ?? new Promise<void>((resolve) => setImmediate(resolve)));
    }
  }

  /**
   * Waits for pending writes, writes a final snapshot and closes the file. The journal files go
   * too, as the snapshot covers them: the next start reads the snapshot alone, with nothing to
   * replay (the journal since the last snapshot can hold 20,000 entries to parse).
   */
  async close(serialise: () => string): Promise<void> {
    await this.idle();
    if (!this.failed && this.fd !== null) {
      const n = this.lastN;
      await this.writeSnapshot(serialise());
      // A change made while the snapshot was being written may still wait for its write (writes are
      // spaced by MIN_WRITE_GAP_MS): it lands in the journal before the file closes, or its write
      // would find the file closed and fail the store (seen in CI: 'journal not started').
      await this.idle();
      if (this.failed || this.fd === null) return;
      this.closed = true;
      closeSync(this.fd);
      this.fd = null;
      // An entry appended while the snapshot was being written is in the journal only: keep it.
      if (this.lastN === n) await this.removeJournals();
    }
  }
}
