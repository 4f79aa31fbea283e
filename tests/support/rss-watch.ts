import { readFileSync } from 'node:fs';

/** A process's resident memory now (`VmRSS` in /proc), in bytes; 0 once it is gone. */
export function rssOf(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Watches a process's resident memory from now on, sampled every 20 ms (a crowd's peak lasts far
 * longer); `stop` ends the sampling and gives the memory at the start and the highest seen.
 */
export function watchRss(pid: number): { stop(): { before: number; peak: number } } {
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssOf(pid));
  }, 20);
  return {
    stop() {
      clearInterval(sampler);
      return { before, peak };
    },
  };
}
