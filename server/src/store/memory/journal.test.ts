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

async function started(snapshotEvery: number) {
  const dir = mkdtempSync(join(tmpdir(), 'agora-journal-'));
  dirs.push(dir);
  const journal = new Journal<{ add: number }, Counter>(dir, snapshotEvery, (error) => {
    throw error;
  });
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
