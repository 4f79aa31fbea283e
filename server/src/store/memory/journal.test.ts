import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from './journal.ts';

/** A counter as the journal's state: each operation adds its amount. */
class Counter {
  total = 0;
  apply(op: { add: number }): number {
    this.total += op.add;
    return this.total;
  }
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function started(snapshotEvery: number, writes: number[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'agora-journal-'));
  dirs.push(dir);
  const metrics = { flushed: (_seconds: number, entries: number) => void writes.push(entries) };
  const journal = new Journal<{ add: number }, Counter>(
    dir,
    snapshotEvery,
    (error) => {
      throw error;
    },
    metrics,
  );
  await journal.load();
  const state = new Counter();
  journal.attach(state);
  const snapshots: number[] = [];
  await journal.start(() => {
    snapshots.push(state.total);
    return JSON.stringify({ total: state.total });
  });
  return { journal, snapshots };
}

describe('journal compaction', () => {
  it('keeps a due snapshot out of a burst of small batches until it is overdue, and takes it once quiet', async () => {
    const { journal, snapshots } = await started(150);
    // 512 entries in rounds of 16: every batch is small (`QUIET_BATCH`), but they come hundreds a
    // second (more than 100 even if the disk took 150 ms a write).
    for (let round = 0; round < 32; round += 1)
      await Promise.all(Array.from({ length: 16 }, () => journal.commit({ add: 1 })));
    await journal.idle();
    // Only the overdue one (the first batch past twice `snapshotEvery`), not one every 150 entries.
    expect(snapshots).toEqual([304]);
    // A quiet second later, the next entry finds the journal quiet: the due snapshot is taken.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await journal.commit({ add: 1 });
    await journal.idle();
    expect(snapshots).toEqual([304, 513]);
    await journal.close(() => '{}');
  });
});

describe('journal group commit', () => {
  it('writes a quiet journal at once, and a busy one in fewer, larger writes', async () => {
    const writes: number[] = [];
    const { journal } = await started(1_000_000, writes);
    // Quiet: the first entry goes to disk alone, in the turn after it came.
    await journal.commit({ add: 1 });
    expect(writes).toEqual([1]);
    // Busy: five entries every millisecond or so for a second (a vote burst on one node). Each write costs the process 50–70 µs of system time whatever its size
    // (O_DSYNC, measured on this machine), so a busy journal must not write every 2 ms.
    const stream: Promise<number>[] = [];
    const startedAt = performance.now();
    await new Promise<void>((resolve) => {
      const tick = setInterval(() => {
        for (let i = 0; i < 5; i += 1) stream.push(journal.commit({ add: 1 }));
        if (performance.now() - startedAt >= 1_000) {
          clearInterval(tick);
          resolve();
        }
      }, 1);
    });
    await Promise.all(stream);
    const busy = writes.slice(1);
    expect(busy.reduce((a, b) => a + b, 0)).toBe(stream.length);
    // At most one write per 8 ms once busy (125 in a second), after the first 100–200 ms at the
    // quiet pace (measured: 187 writes; one per 2 ms throughout was 462).
    expect(busy.length).toBeLessThanOrEqual(240);
    await journal.close(() => '{}');
  });
});
