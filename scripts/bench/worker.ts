/**
 * A load-generator process: holds a share of the thin participants and runs what the orchestrator
 * asks (join, arm/collect arrivals, bursts of submissions, wait for re-syncs), answering with raw
 * timings. Started by `pool.ts` with `child_process.fork` and the advanced serialisation.
 */
import { now, ThinClient, type AckResult, type EventCounts } from './thin-client.ts';

export interface Participant {
  /** http://host:port of the node it talks to. */
  baseUrl: string;
  /** Personal code (joined over HTTP in the join rush). */
  code: string;
}

export interface JoinTiming {
  start: number;
  /** HTTP join answered (token in hand). */
  http: number;
  /** Socket.IO namespace connected. */
  socket: number;
  /** Both snapshots (Q&A and interactions) received. */
  snapshot: number;
  error: string;
}

export interface BurstItem {
  /** Index of the participant in this worker's share. */
  index: number;
  name: string;
  payload: unknown;
  /** Delay from the burst's start, ms. */
  at: number;
}

export type Request =
  | { op: 'init'; slug: string; sessionId: string; participants: Participant[] }
  | { op: 'join'; concurrency: number }
  | { op: 'arm'; name: string }
  | { op: 'collect'; name: string; timeoutMs: number }
  | { op: 'burst'; items: BurstItem[]; timeoutMs: number }
  | { op: 'counts' }
  | { op: 'bytes' }
  | { op: 'leave'; indices: number[] }
  | { op: 'rejoin'; indices: number[] }
  | { op: 'resynced'; since: number; timeoutMs: number }
  | { op: 'close' };

let slug = '';
let sessionId = '';
let participants: Participant[] = [];
let clients: ThinClient[] = [];
const counts: EventCounts = new Map();
const received = { bytes: 0 };

async function joinOne(p: Participant): Promise<{ client: ThinClient | null; timing: JoinTiming }> {
  const timing: JoinTiming = { start: now(), http: 0, socket: 0, snapshot: 0, error: '' };
  try {
    const res = await fetch(`${p.baseUrl}/api/editions/${slug}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: p.code }),
    });
    const body = (await res.json()) as { token?: string };
    if (res.status !== 200 || !body.token) throw new Error(`join ${res.status}`);
    timing.http = now();
    const client = new ThinClient({
      baseUrl: p.baseUrl,
      token: body.token,
      counts,
      received,
      resync: [{ name: 'session:join', payload: { sessionId } }],
    });
    await client.connect();
    timing.socket = now();
    if (!(await client.resync())) throw new Error('snapshot refused');
    timing.snapshot = now();
    return { client, timing };
  } catch (error) {
    timing.error = error instanceof Error ? error.message : String(error);
    return { client: null, timing };
  }
}

/** Every participant of this share joins, `concurrency` at a time (a browser tab each, in real life). */
async function join(concurrency: number): Promise<JoinTiming[]> {
  const timings: JoinTiming[] = new Array(participants.length);
  clients = new Array(participants.length);
  let next = 0;
  const lane = async () => {
    while (next < participants.length) {
      const i = next++;
      const { client, timing } = await joinOne(participants[i]!);
      timings[i] = timing;
      if (client) clients[i] = client;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, participants.length) }, lane));
  return timings;
}

/** Participants who close their tab (`leave`) and who come back with their code (`rejoin`: HTTP join, socket, snapshot). */
function leave(indices: number[]): void {
  for (const i of indices) {
    clients[i]?.close();
    delete clients[i];
  }
}

/**
 * The waits of the web client's join page before its automatic tries after an answer that never came
 * (client/src/views/join/join-retry.ts: 1, 2, 4, 8 s): a person who comes back while a node or its
 * store is too busy to answer is not turned away, the page tries again by itself.
 */
const REJOIN_WAITS_MS = [1000, 2000, 4000, 8000];

/** A failed join the join page would try again by itself: no answer, a 5xx, or the socket or its snapshot. */
const triedAgain = (error: string) => !/^join 4\d\d$/.test(error);

/**
 * Each participant back, with the join page's automatic tries (`REJOIN_WAITS_MS`): `error` is why
 * the last try failed (null: back), `firstError` why the first did (null: back at once).
 */
async function rejoin(indices: number[]): Promise<{ error: string | null; firstError: string | null }[]> {
  return Promise.all(
    indices.map(async (i) => {
      let firstError: string | null = null;
      for (let attempt = 0; ; attempt++) {
        const { client, timing } = await joinOne(participants[i]!);
        if (client) {
          clients[i] = client;
          return { error: null, firstError };
        }
        const error = timing.error || 'no client';
        firstError ??= error;
        const wait = REJOIN_WAITS_MS[attempt];
        if (wait === undefined || !triedAgain(error)) return { error, firstError };
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }),
  );
}

const live = () => clients.filter((c): c is ThinClient => c !== undefined);

function arm(name: string): void {
  for (const c of live()) c.arrivals.set(name, 0);
}

/** First arrival of `name` per client since armed (0 = never), once all have it or at the timeout. */
async function collect(name: string, timeoutMs: number): Promise<number[]> {
  const deadline = now() + timeoutMs;
  const all = live();
  while (now() < deadline && all.some((c) => c.arrivals.get(name) === 0)) {
    await new Promise((r) => setTimeout(r, 5));
  }
  return all.map((c) => c.arrivals.get(name) ?? 0);
}

async function burst(items: BurstItem[], timeoutMs: number): Promise<AckResult[]> {
  const start = now();
  return Promise.all(
    items.map(
      (item) =>
        new Promise<AckResult>((resolve) => {
          setTimeout(
            () => {
              const client = clients[item.index];
              if (!client) {
                resolve({ sentAt: now(), ackAt: now(), ok: false, code: 'NOT_JOINED', retries: 0 });
                return;
              }
              void client.submit(item.name, item.payload, timeoutMs).then(resolve);
            },
            Math.max(0, start + item.at - now()),
          );
        }),
    ),
  );
}

/** Per client, after a restart: when it lost its connection, how many attempts it took, the last failure. */
export interface Resynced {
  lostAt: number;
  /** When it re-synced after `since` (0: not yet). */
  resyncedAt: number;
  attempts: number;
  lastFailure: string;
}

/** Per client: when it lost its connection and when it re-synced after `since` (0 = not yet). */
async function resynced(since: number, timeoutMs: number): Promise<Resynced[]> {
  const deadline = now() + timeoutMs;
  const all = live();
  while (now() < deadline && all.some((c) => c.resyncedAt <= since)) {
    await new Promise((r) => setTimeout(r, 20));
  }
  return all.map((c) => ({
    lostAt: c.lostAt,
    resyncedAt: c.resyncedAt > since ? c.resyncedAt : 0,
    attempts: c.attemptsSinceLoss,
    lastFailure: c.lastFailure,
  }));
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'init':
      slug = req.slug;
      sessionId = req.sessionId;
      participants = req.participants;
      return null;
    case 'join':
      return join(req.concurrency);
    case 'arm':
      arm(req.name);
      return null;
    case 'collect':
      return collect(req.name, req.timeoutMs);
    case 'burst':
      return burst(req.items, req.timeoutMs);
    case 'counts': {
      const out = Object.fromEntries(counts);
      counts.clear();
      return out;
    }
    case 'bytes': {
      const bytes = received.bytes;
      received.bytes = 0;
      return bytes;
    }
    case 'leave':
      leave(req.indices);
      return null;
    case 'rejoin':
      return rejoin(req.indices);
    case 'resynced':
      return resynced(req.since, req.timeoutMs);
    case 'close':
      for (const c of live()) c.close();
      clients = [];
      return null;
  }
}

process.on('message', (message: { id: number; req: Request }) => {
  handle(message.req).then(
    (result) => process.send?.({ id: message.id, result }),
    (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
