/**
 * The orchestrator's side of the generator: forks the worker processes, deals the participants out
 * to them round-robin, and gathers their answers in participant order.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AckResult } from './thin-client.ts';
import type { BurstItem, JoinTiming, Participant, Request, Resynced } from './worker.ts';
import { cpuTicks } from './proc.ts';

const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));

interface Worker {
  child: ChildProcess;
  pending: Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>;
  /** Global indexes of its participants, in its own order. */
  owns: number[];
}

/** A burst item for participant `participant` (global index). */
export interface Submission {
  participant: number;
  name: string;
  payload: unknown;
  at: number;
}

export class GeneratorPool {
  private readonly workers: Worker[] = [];
  private nextId = 0;

  constructor(count: number) {
    for (let i = 0; i < count; i++) {
      const child = fork(workerFile, [], {
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        serialization: 'advanced',
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const worker: Worker = { child, pending: new Map(), owns: [] };
      child.on('message', (m: { id: number; result?: unknown; error?: string }) => {
        const p = worker.pending.get(m.id);
        if (!p) return;
        worker.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result);
      });
      child.on('exit', (code) => {
        for (const p of worker.pending.values()) p.reject(new Error(`generator worker exited (${code})`));
      });
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** CPU ticks (user + system) used by the generator processes so far. */
  cpuTicks(): number {
    return this.workers.reduce((sum, w) => sum + (w.child.pid ? cpuTicks(w.child.pid) : 0), 0);
  }

  private call<T>(worker: Worker, req: Request): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      worker.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.child.send({ id, req });
    });
  }

  private all<T>(req: Request | ((w: Worker) => Request)): Promise<T[]> {
    return Promise.all(this.workers.map((w) => this.call<T>(w, typeof req === 'function' ? req(w) : req)));
  }

  /** Back in global participant order. */
  private gather<T>(perWorker: T[][], fill: T): T[] {
    const total = this.workers.reduce((n, w) => n + w.owns.length, 0);
    const out = new Array<T>(total).fill(fill);
    this.workers.forEach((w, k) => w.owns.forEach((g, j) => (out[g] = perWorker[k]![j] ?? fill)));
    return out;
  }

  async init(slug: string, sessionId: string, participants: Participant[]): Promise<void> {
    for (const w of this.workers) w.owns = [];
    participants.forEach((_, g) => this.workers[g % this.workers.length]!.owns.push(g));
    await this.all((w) => ({
      op: 'init',
      slug,
      sessionId,
      participants: w.owns.map((g) => participants[g]!),
    }));
  }

  async join(concurrencyPerWorker: number): Promise<JoinTiming[]> {
    const per = await this.all<JoinTiming[]>({ op: 'join', concurrency: concurrencyPerWorker });
    return this.gather(per, { start: 0, http: 0, socket: 0, snapshot: 0, error: 'missing' });
  }

  async arm(name: string): Promise<void> {
    await this.all({ op: 'arm', name });
  }

  /** First arrival time of `name` per connected participant (0 = not received). */
  async collect(name: string, timeoutMs: number): Promise<number[]> {
    return (await this.all<number[]>({ op: 'collect', name, timeoutMs })).flat();
  }

  async burst(submissions: Submission[], timeoutMs: number): Promise<AckResult[]> {
    const local = new Map<number, { worker: number; index: number }>();
    this.workers.forEach((w, k) => w.owns.forEach((g, j) => local.set(g, { worker: k, index: j })));
    const items: BurstItem[][] = this.workers.map(() => []);
    const order: number[][] = this.workers.map(() => []);
    submissions.forEach((s, n) => {
      const where = local.get(s.participant)!;
      items[where.worker]!.push({ index: where.index, name: s.name, payload: s.payload, at: s.at });
      order[where.worker]!.push(n);
    });
    const per = await Promise.all(
      this.workers.map((w, k) => this.call<AckResult[]>(w, { op: 'burst', items: items[k]!, timeoutMs })),
    );
    const out = new Array<AckResult>(submissions.length);
    per.forEach((results, k) => results.forEach((r, j) => (out[order[k]![j]!] = r)));
    return out;
  }

  /** Messages delivered to the thin clients since the last call, per event name. */
  async counts(): Promise<Record<string, number>> {
    const per = await this.all<Record<string, number>>({ op: 'counts' });
    const out: Record<string, number> = {};
    for (const c of per) for (const [k, v] of Object.entries(c)) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /** Bytes of text frames the thin clients received since the last call. */
  async bytes(): Promise<number> {
    return (await this.all<number>({ op: 'bytes' })).reduce((a, b) => a + b, 0);
  }

  /** Splits global participant indexes into each worker's local ones. */
  private local(indices: number[]): number[][] {
    const where = new Map<number, [number, number]>();
    this.workers.forEach((w, k) => w.owns.forEach((g, j) => where.set(g, [k, j])));
    const out: number[][] = this.workers.map(() => []);
    for (const g of indices) {
      const [k, j] = where.get(g)!;
      out[k]!.push(j);
    }
    return out;
  }

  /** These participants close their connection (a tab closed, a phone put away). */
  async leave(indices: number[]): Promise<void> {
    const local = this.local(indices);
    await Promise.all(this.workers.map((w, k) => this.call(w, { op: 'leave', indices: local[k]! })));
  }

  /** These participants join again with their code: how many made it, and why each other did not. */
  /**
   * Participants back with their code, as the join page brings them back (worker.ts `rejoin`):
   * `failures` says why each one not back failed last, `retried` why each one back only after
   * another try failed first.
   */
  async rejoin(indices: number[]): Promise<{ back: number; failures: string[]; retried: string[] }> {
    const local = this.local(indices);
    const per = await Promise.all(
      this.workers.map((w, k) =>
        this.call<{ error: string | null; firstError: string | null }[]>(w, {
          op: 'rejoin',
          indices: local[k]!,
        }),
      ),
    );
    const all = per.flat();
    const failures = all.flatMap((r) => (r.error !== null ? [r.error] : []));
    const retried = all.flatMap((r) => (r.error === null && r.firstError !== null ? [r.firstError] : []));
    return { back: indices.length - failures.length, failures, retried };
  }

  async resynced(since: number, timeoutMs: number): Promise<Resynced[]> {
    return (await this.all<Resynced[]>({ op: 'resynced', since, timeoutMs })).flat();
  }

  async closeClients(): Promise<void> {
    await this.all({ op: 'close' });
  }

  stop(): void {
    for (const w of this.workers) w.child.disconnect();
  }
}
