/**
 * What a server process costs, read from /proc by the bench (the servers expose nothing): CPU time
 * (utime + stime, in clock ticks) and resident memory. Linux only.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

let ticksPerSecond = 0;

/** Clock ticks per second (`getconf CLK_TCK`, 100 nearly everywhere). */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === 0) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a process, in clock ticks (0 if it is gone). */
export function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * utime + stime of a process's threads in clock ticks, by kind: the JavaScript thread (`main`),
 * V8's helper threads (`v8`: concurrent marking, parallel scavenges, compilation) and the rest
 * (libuv's pool, Node's own). Empty counts if the process is gone.
 */
export function threadTicks(pid: number): { main: number; v8: number; other: number } {
  const out = { main: 0, v8: 0, other: 0 };
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    out[tid === String(pid) ? 'main' : name.startsWith('V8') ? 'v8' : 'other'] += ticks;
  }
  return out;
}

/** Resident set size in bytes (VmRSS), 0 if the process is gone. */
export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU milliseconds of a set of processes, for deltas. */
export function cpuMs(pids: number[]): number {
  return (pids.reduce((sum, pid) => sum + cpuTicks(pid), 0) * 1000) / clockTicksPerSecond();
}

/**
 * The machine's count of connections dropped because a listen queue was full (TcpExt
 * ListenOverflows, every process), for deltas around a scenario: dropped connections wait for TCP
 * to try again (1, 3, 7… 31 s).
 */
export function listenOverflows(): number {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const names = lines.find((l) => l.startsWith('TcpExt:'))?.split(' ') ?? [];
    const values = lines.filter((l) => l.startsWith('TcpExt:'))[1]?.split(' ') ?? [];
    return Number(values[names.indexOf('ListenOverflows')] ?? NaN);
  } catch {
    return NaN;
  }
}
