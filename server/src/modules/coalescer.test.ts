import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.ts';
import { FakeScheduler } from '../../../tests/support/fake-scheduler.ts';

function setup(intervalMs = 250) {
  const scheduler = new FakeScheduler(0);
  const flushed: { key: string; at: number }[] = [];
  const coalescer = new Coalescer((key) => flushed.push({ key, at: scheduler.now() }), scheduler, intervalMs);
  return { scheduler, flushed, coalescer };
}

describe('coalescer', () => {
  it('flushes a quiet key at once, in the next turn, once for a whole burst', () => {
    const { scheduler, flushed, coalescer } = setup();
    for (let i = 0; i < 500; i += 1) coalescer.mark('poll:1');
    expect(flushed).toEqual([]);
    scheduler.advance(0);
    expect(flushed).toEqual([{ key: 'poll:1', at: 0 }]);
  });

  it('never flushes a key more often than once per interval, however many marks arrive', () => {
    const { scheduler, flushed, coalescer } = setup();
    // A mark every 10 ms for 2 s: 200 marks.
    for (let t = 0; t < 2_000; t += 10) {
      coalescer.mark('poll:1');
      scheduler.advance(10);
    }
    scheduler.advance(1_000);
    expect(flushed.length).toBeLessThanOrEqual(2_000 / 250 + 1);
    expect(flushed.length).toBeGreaterThanOrEqual(2_000 / 250);
    for (let i = 1; i < flushed.length; i += 1) {
      expect(flushed[i]!.at - flushed[i - 1]!.at).toBeGreaterThanOrEqual(250);
    }
  });

  it('always flushes after the last mark', () => {
    const { scheduler, flushed, coalescer } = setup();
    coalescer.mark('k');
    scheduler.advance(0);
    scheduler.advance(100);
    coalescer.mark('k');
    scheduler.advance(100);
    expect(flushed).toHaveLength(1);
    scheduler.advance(50);
    expect(flushed.map((f) => f.at)).toEqual([0, 250]);
  });

  it('keeps keys independent', () => {
    const { scheduler, flushed, coalescer } = setup();
    coalescer.mark('a');
    coalescer.mark('b');
    coalescer.mark('a');
    scheduler.advance(0);
    expect(flushed.map((f) => f.key).sort()).toEqual(['a', 'b']);
  });

  it('flushNow sends at once and cancels the pending flush it replaces', () => {
    const { scheduler, flushed, coalescer } = setup();
    coalescer.mark('k');
    scheduler.advance(0);
    coalescer.mark('k');
    expect(scheduler.pendingCount).toBe(1);
    coalescer.flushNow('k');
    expect(flushed).toHaveLength(2);
    expect(scheduler.pendingCount).toBe(0);
    scheduler.advance(1_000);
    expect(flushed).toHaveLength(2);
  });

  it('stop cancels every scheduled flush', () => {
    const { scheduler, flushed, coalescer } = setup();
    coalescer.mark('a');
    coalescer.mark('b');
    coalescer.stop();
    scheduler.advance(1_000);
    expect(flushed).toEqual([]);
  });

  it('reads the interval of a key at each mark', () => {
    const scheduler = new FakeScheduler(0);
    const flushed: string[] = [];
    let slow = 1_000;
    const coalescer = new Coalescer(
      (key) => flushed.push(key),
      scheduler,
      (key) => (key === 'slow' ? slow : 250),
    );
    for (let t = 0; t < 2_000; t += 10) {
      coalescer.mark('fast');
      coalescer.mark('slow');
      scheduler.advance(10);
    }
    scheduler.advance(1_000);
    const count = (key: string) => flushed.filter((k) => k === key).length;
    expect(count('fast')).toBeGreaterThanOrEqual(8);
    expect(count('slow')).toBeGreaterThanOrEqual(2);
    expect(count('slow')).toBeLessThanOrEqual(3);
    slow = 250;
    flushed.length = 0;
    for (let t = 0; t < 2_000; t += 10) {
      coalescer.mark('slow');
      scheduler.advance(10);
    }
    expect(count('slow')).toBeGreaterThanOrEqual(7);
  });
});
