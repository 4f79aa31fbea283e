import { randomUUID } from 'node:crypto';
import type { ChainableCommander, Redis } from 'ioredis';
import { AppError } from '@agora/shared';

/** A Redis command with its full key(s), as the compare-and-set script runs it. */
export type Command = [string, ...string[]];

/** What a decision does: its writes, and the reads whose replies make its answer. */
export interface Plan<T> {
  writes: Command[];
  /** Run after the writes in the same transaction, so the answer is the state right after them. */
  after: Command[];
  answer: (replies: unknown[]) => T;
}

/** The reads a decision is taken on; each is checked again, unchanged, before its writes. */
export class Reads {
  readonly commands: Command[] = [];
  readonly replies: unknown[] = [];

  constructor(private readonly redis: Redis) {}

  async read<T>(command: Command): Promise<T> {
    const [name, ...args] = command;
    const reply = await this.redis.call(name, ...args);
    this.commands.push(command);
    this.replies.push(reply);
    return reply as T;
  }
}

type CompareAndSet = (
  anchor: string,
  prefix: string,
  opId: string,
  ttl: number,
  reads: string,
  replies: string,
  writes: string,
) => ChainableCommander;

/**
 * Attempts before a write gives up (UNAVAILABLE, which the client re-sends): a conflict needs
 * another node's change to the same question or screen between a read and its write (about a
 * millisecond). Asks and upvotes never conflict: they only touch what these reads leave out.
 */
const ATTEMPTS = 8;

/**
 * The generic optimistic write: read, decide in TypeScript, then commit with the compare-and-set
 * script (scripts.ts), which writes only if every read still answers the same; otherwise read and
 * decide again. A refusal thrown by `decide` ends it with nothing written.
 *
 * The operation id keeps a command that ioredis re-sends after a lost reply from writing twice
 * (the script answers 2, and the answer is read as it is now), as `once` does for the scripts.
 */
export async function optimisticWrite<T>(
  redis: Redis,
  prefix: string,
  ttlSeconds: number,
  /** The slot's anchor (key-layout.ts): every read, write and `after` command is a key of that slot. */
  anchor: string,
  decide: (reads: Reads) => Promise<Plan<T>>,
): Promise<T> {
  const opId = randomUUID();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    // Two nodes that conflicted would otherwise read and write again in step.
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
    const reads = new Reads(redis);
    const plan = await decide(reads);
    const multi = redis.multi();
    (multi as unknown as { agoraCompareAndSet: CompareAndSet }).agoraCompareAndSet(
      anchor,
      prefix,
      opId,
      ttlSeconds,
      JSON.stringify(reads.commands),
      JSON.stringify(reads.replies),
      JSON.stringify(plan.writes),
    );
    for (const [name, ...args] of plan.after) multi.call(name, ...args);
    const results = (await multi.exec()) ?? [];
    const replies = results.map(([error, reply]) => {
      if (error) throw error;
      return reply;
    });
    if (replies[0] !== 0) return plan.answer(replies.slice(1));
  }
  throw new AppError('UNAVAILABLE', 'too many simultaneous changes; retry');
}

/**
 * `items` in parts small enough for one command of the compare-and-set script: Lua unpacks a
 * command's arguments onto its stack, a few thousand at most.
 */
export function chunks<T>(items: readonly T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * The write of a record that carries its revision (`rev`: documents, partners, session videos): put
 * `json` at `key` if `owner` (a read: its edition, its session) answers that it exists and the record
 * stored there has `expectedRev` (0: none), and add it to its `index` set. The refusals are the
 * caller's rules' (`missing`, `stale`), so their texts stay in its rules file.
 */
export async function putRevised(
  scripts: { redis: Redis; prefix: string; ttlSeconds: number },
  put: {
    anchor: string;
    owner: Command;
    key: string;
    json: string;
    expectedRev: number;
    index: [string, string];
  },
  refuse: { missing: () => AppError; stale: () => AppError },
): Promise<void> {
  await optimisticWrite(scripts.redis, scripts.prefix, scripts.ttlSeconds, put.anchor, async (reads) => {
    if (Number(await reads.read(put.owner)) === 0) throw refuse.missing();
    const current = await reads.read<string | null>(['GET', put.key]);
    const rev = current ? (JSON.parse(current) as { rev: number }).rev : 0;
    if (rev !== put.expectedRev) throw refuse.stale();
    return {
      writes: [
        ['SET', put.key, put.json],
        ['SADD', ...put.index],
      ],
      after: [],
      answer: () => undefined,
    };
  });
}
