/**
 * What the two bare servers do, shared so that they do exactly the same thing: answer the join over
 * HTTP and every command with the payloads our server sent in the same run (same sizes), join the
 * same rooms, and broadcast the same events — with no validation, no authorisation and no store.
 * Poll results and Q&A deltas are coalesced like ours: at once, then at most every 250 ms to
 * moderators and projectors (poll results), and at the pace ours gives an audience room of that
 * size (`audienceIntervalMs`); final results and live states at once.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { audienceIntervalMs, LIVE_INTERVAL_MS } from '../../server/src/modules/audience-cadence.ts';

/** Payloads captured from our server by the probes: the HTTP join answer, acks and events. */
export interface Samples {
  join: unknown;
  acks: Record<string, unknown>;
  events: Record<string, unknown>;
}

export function loadSamples(): Samples {
  const file = process.env.BENCH_SAMPLES;
  const empty: Samples = { join: { token: 'bare' }, acks: {}, events: {} };
  if (!file) return empty;
  return { ...empty, ...(JSON.parse(readFileSync(file, 'utf8')) as Partial<Samples>) };
}

export const AUDIENCE = 'audience';
export const MODERATION = 'moderation';
export const SCREENS = 'screens';
/** The projector's code in the bare edition: its join answers the token `SCREEN_TOKEN`. */
export const BARE_PROJECTOR_CODE = 'BARE-PROJ-ECTO';
export const SCREEN_TOKEN = 'bare-screen';

export interface BareSocket {
  /** Connected with `SCREEN_TOKEN`: the projector. */
  screen: boolean;
  join(room: string): void;
  /** To this socket only. */
  emit(name: string, payload: unknown): void;
}

/** `volatile`: skipped for a socket still busy writing (Socket.IO's volatile), like ours for live results. */
type Broadcast = (room: string, name: string, payload: unknown, except?: string, volatile?: boolean) => void;

/** The commands' behaviour; returns the ack. `size`: how many sockets are in a room. */
export function bareBehaviour(samples: Samples, broadcast: Broadcast, size: (room: string) => number) {
  const event = (name: string): Record<string, unknown> =>
    (samples.events[name] ?? {}) as Record<string, unknown>;
  const ackOf = (name: string): unknown => samples.acks[name] ?? { ok: true, data: {} };

  let ballots = 0;
  const results = () => {
    const sample = event('poll:results');
    const all = (sample.all ?? {}) as Record<string, unknown>;
    return { ...sample, version: ballots, all: { ...all, ballots } };
  };
  let audienceSize = 0;
  let settle: NodeJS.Timeout | null = null;
  const toAudience = (reliable: boolean) => {
    audienceSize = size(AUDIENCE);
    if (settle) clearTimeout(settle);
    settle = null;
    broadcast(AUDIENCE, 'poll:results', results(), SCREENS, !reliable);
    // Like ours: the last live results of a burst once more, reliably, an interval later.
    if (!reliable)
      settle = setTimeout(() => {
        settle = null;
        if (!audienceTier.pending()) toAudience(true);
      }, audienceIntervalMs(audienceSize));
  };
  const audienceTier = coalesced(() => audienceIntervalMs(audienceSize), toAudience);
  const tiers = [
    coalesced(
      () => LIVE_INTERVAL_MS,
      () => {
        const r = results();
        broadcast(MODERATION, 'poll:results', r);
        broadcast(SCREENS, 'poll:results', r);
      },
    ),
    audienceTier,
  ];
  const qaAudience = coalesced(
    () => audienceIntervalMs(size(AUDIENCE)),
    () => broadcast(AUDIENCE, 'qa:audience', event('qa:audience')),
  );
  /** Like ours: the audience's delta coalesced, at once for a screen change; the moderators' at once. */
  const qaChange = (text?: string, now = false) => {
    if (now) qaAudience.now();
    else qaAudience.mark();
    const mod = event('qa:moderation');
    const upsert = (mod.upsert ?? []) as Record<string, unknown>[];
    broadcast(
      MODERATION,
      'qa:moderation',
      text === undefined || upsert.length === 0 ? mod : { ...mod, upsert: [{ ...upsert[0], text }] },
    );
  };

  return (socket: BareSocket, name: string, payload: unknown): unknown => {
    const input = (payload ?? {}) as Record<string, unknown>;
    switch (name) {
      case 'session:join':
        socket.join(AUDIENCE);
        if (socket.screen) socket.join(SCREENS);
        break;
      case 'moderation:join':
        socket.join(MODERATION);
        break;
      case 'screen:show':
        // Like ours: the Q&A delta at once when the change approved a question, then the live state.
        qaChange(undefined, true);
        broadcast(AUDIENCE, 'live:state', event('live:state'));
        broadcast(MODERATION, 'live:state', event('live:state'));
        break;
      case 'poll:create':
      case 'poll:open':
      case 'poll:close':
        if (name === 'poll:open') ballots = 0;
        broadcast(AUDIENCE, 'poll:updated', event('poll:updated'));
        broadcast(MODERATION, 'poll:updated', event('poll:updated'));
        // Like ours: the final results to every tier at once.
        if (name === 'poll:close') for (const tier of tiers) tier.now();
        break;
      case 'poll:vote':
        ballots += 1;
        for (const tier of tiers) tier.mark();
        break;
      case 'question:ask':
        qaChange(typeof input.text === 'string' ? input.text : undefined);
        socket.emit('question:mine', event('question:mine'));
        break;
      case 'question:upvote':
      case 'question:moderate':
        qaChange();
        break;
    }
    return ackOf(name);
  };
}

/**
 * Like our coalescer: `mark` sends at once when quiet, then at most once per `interval()`, the last
 * mark always followed by a send; `now` sends at once and cancels the pending send.
 */
function coalesced(interval: () => number, send: (now: boolean) => void) {
  let last = 0;
  let timer: NodeJS.Timeout | null = null;
  const run = (now: boolean) => {
    timer = null;
    last = Date.now();
    send(now);
  };
  return {
    mark: () => {
      if (!timer) timer = setTimeout(() => run(false), Math.max(0, last + interval() - Date.now()));
    },
    now: () => {
      if (timer) clearTimeout(timer);
      run(true);
    },
    pending: () => timer !== null,
  };
}

/**
 * The HTTP side: `POST /api/editions/:slug/join` answers the captured join (with `SCREEN_TOKEN` for
 * the projector's code), the rest 404.
 */
export function bareHttp(samples: Samples) {
  const body = JSON.stringify(samples.join);
  const screenBody = JSON.stringify({ ...(samples.join as object), token: SCREEN_TOKEN });
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'POST' && /^\/api\/editions\/[^/]+\/join$/.test(req.url ?? '')) {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const screen = Buffer.concat(chunks).includes(BARE_PROJECTOR_CODE);
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(screen ? screenBody : body);
      });
      return;
    }
    if (req.url === '/api/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    res.writeHead(404);
    res.end();
  };
}

/** The listen backlog ours uses by default (LISTEN_BACKLOG): the same for the bare servers. */
export const LISTEN_BACKLOG = 4096;

/** The ready line the orchestrator waits for, as our server prints it. */
export function printReady(port: number): void {
  process.stdout.write(
    `${JSON.stringify({ event: 'ready', url: `http://127.0.0.1:${port}`, port, demo: null })}\n`,
  );
}
