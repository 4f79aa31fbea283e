/**
 * A participant that speaks just enough of Engine.IO v4 / Socket.IO v5 over `ws` (websocket
 * transport only): the open packet, the namespace connect with `{ token }`, ping/pong, events and
 * acks. It never parses a broadcast payload: it reads the event name and the arrival time, so that
 * thousands of them cost the generator as little as possible. Correctness is checked by the real
 * `socket.io-client` probes of the orchestrator, which parse every payload with the shared schemas.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';

/** Handshake refusals the web client tries again (client/src/realtime/socket-options.ts). */
const PASSING_REFUSAL = /"code":"(UNAVAILABLE|RATE_LIMITED|INTERNAL)"/;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the bench's processes. */
export const now = (): number => performance.timeOrigin + performance.now();

export interface AckResult {
  /** When the submission was first sent (retries keep it). */
  sentAt: number;
  ackAt: number;
  ok: boolean;
  /** The error code of a refused command, 'TIMEOUT', or '' when ok. */
  code: string;
  /** How many times it was sent again after a drop or an UNAVAILABLE answer. */
  retries: number;
}

interface PendingAck {
  resolve: (raw: string | null) => void;
}

/** Counters shared by every client of one worker (delivered messages per event name). */
export type EventCounts = Map<string, number>;

export interface ThinClientOptions {
  /** http://host:port of the node this client talks to. */
  baseUrl: string;
  token: string;
  counts: EventCounts;
  /** Bytes of every text frame received (WebSocket payloads, framing not counted), shared by a worker's clients. */
  received?: { bytes: number };
  /** Commands sent after every (re)connect, e.g. `session:join`: the snapshot that re-syncs. */
  resync: { name: string; payload: unknown }[];
}

const ackOk = (raw: string | null) => raw !== null && raw.startsWith('[{"ok":true');
const ackCode = (raw: string | null) => {
  if (raw === null) return 'DISCONNECTED';
  const match = /"code":"([A-Z_]+)"/.exec(raw);
  return match?.[1] ?? 'UNKNOWN';
};

export class ThinClient {
  private ws: WebSocket | null = null;
  private nextId = 0;
  private readonly acks = new Map<number, PendingAck>();
  private connectedWaiters: (() => void)[] = [];
  private connected = false;
  private closedByUs = false;
  private everConnected = false;
  private attempts = 0;
  /** First arrival of an armed event name since it was armed (0 = armed, not yet arrived). */
  readonly arrivals = new Map<string, number>();
  /** When the connection was last lost, and when the snapshot after the following reconnect came. */
  lostAt = 0;
  resyncedAt = 0;
  /** Connection attempts since the connection was last lost (0 while it holds). */
  attemptsSinceLoss = 0;
  /** Why the last failed attempt failed (an error message, or a refused connect). */
  lastFailure = '';
  connectError = '';

  constructor(private readonly options: ThinClientOptions) {}

  /** Opens the socket; resolves once the namespace connect is acknowledged. */
  connect(): Promise<void> {
    this.closedByUs = false;
    return new Promise((resolve, reject) => {
      const url = `${this.options.baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
      const ws = new WebSocket(url, { perMessageDeflate: false });
      this.ws = ws;
      let settled = false;
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return;
        if (this.options.received) this.options.received.bytes += data.length;
        const text = data.toString();
        const outcome = this.onPacket(text);
        if (!settled && outcome !== null) {
          settled = true;
          if (outcome === '') resolve();
          else reject(new Error(outcome));
        }
      });
      ws.on('error', (error) => {
        if (!settled) {
          settled = true;
          reject(error);
        }
      });
      ws.on('close', () => {
        if (!settled) {
          settled = true;
          reject(new Error('closed before connect'));
        }
        this.onClose();
      });
    });
  }

  /** Sends a command and resolves with its raw ack (`[ack]`), or null if the connection drops first. */
  private send(name: string, payload: unknown, timeoutMs: number): Promise<string | null> {
    const ws = this.ws;
    if (!ws || !this.connected) return Promise.resolve(null);
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.acks.delete(id);
        resolve('[{"ok":false,"error":{"code":"TIMEOUT"}}]');
      }, timeoutMs);
      this.acks.set(id, {
        resolve: (raw) => {
          clearTimeout(timer);
          resolve(raw);
        },
      });
      ws.send(`42${id}${JSON.stringify([name, payload])}`);
    });
  }

  /** One command, no retry: for joins and snapshots. */
  async command(name: string, payload: unknown, timeoutMs = 60_000): Promise<AckResult> {
    const sentAt = now();
    const raw = await this.send(name, payload, timeoutMs);
    return { sentAt, ackAt: now(), ok: ackOk(raw), code: ackOk(raw) ? '' : ackCode(raw), retries: 0 };
  }

  /**
   * A submission with an outbox: re-sent with the same payload (so the same client id) after a drop
   * or an UNAVAILABLE answer, once the client is connected and re-synced again, as the web client does.
   */
  async submit(name: string, payload: unknown, timeoutMs = 60_000): Promise<AckResult> {
    const sentAt = now();
    const deadline = sentAt + timeoutMs;
    for (let retries = 0; ; retries++) {
      if (!this.connected) await this.waitConnected(deadline - now());
      const raw = await this.send(name, payload, Math.max(1, deadline - now()));
      const code = ackOk(raw) ? '' : ackCode(raw);
      const retry = code === 'DISCONNECTED' || code === 'UNAVAILABLE';
      if (!retry || now() >= deadline) return { sentAt, ackAt: now(), ok: code === '', code, retries };
      // A node that is stopping answers UNAVAILABLE until it lets go: like the web client's outbox,
      // try again on the next connection, or after 3 s.
      if (code === 'UNAVAILABLE') await this.waitConnected(Math.min(3000, deadline - now()), true);
    }
  }

  /** Until connected (`next`: until the next connection, even if connected now), or the timeout. */
  private waitConnected(timeoutMs: number, next = false): Promise<void> {
    if (this.connected && !next) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, timeoutMs));
      this.connectedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * Runs the re-sync commands (the snapshots); as the web client (client/src/realtime/session-store.ts),
   * again with the backoff while the store does not answer (UNAVAILABLE) and the socket holds.
   */
  async resync(): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const results = await Promise.all(this.options.resync.map((c) => this.command(c.name, c.payload)));
      if (results.every((r) => r.ok)) return true;
      if (!this.connected || !results.some((r) => r.code === 'UNAVAILABLE')) return false;
      await sleep(Math.min(5000, 1000 * 2 ** attempt) * (0.5 + Math.random()));
    }
  }

  close(): void {
    this.closedByUs = true;
    this.ws?.terminate();
  }

  /** '' when connected, an error message on a refused connect, null for every other packet. */
  private onPacket(text: string): string | null {
    const type = text.charCodeAt(0);
    if (type === 50 /* '2' ping */) {
      this.ws?.send('3');
      return null;
    }
    if (type === 48 /* '0' open */) {
      this.ws?.send(`40${JSON.stringify({ token: this.options.token })}`);
      return null;
    }
    if (type !== 52 /* '4' message */) return null;
    const sub = text.charCodeAt(1);
    if (sub === 50 /* '2' event */) {
      // 42["name",…]: the name is read without parsing the payload.
      const end = text.indexOf('"', 4);
      const name = text.slice(4, end);
      const { counts } = this.options;
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (this.arrivals.get(name) === 0) this.arrivals.set(name, now());
      return null;
    }
    if (sub === 51 /* '3' ack */) {
      const open = text.indexOf('[', 2);
      const id = Number(text.slice(2, open));
      const pending = this.acks.get(id);
      if (pending) {
        this.acks.delete(id);
        pending.resolve(text.slice(open));
      }
      return null;
    }
    if (sub === 48 /* '0' connect */) {
      this.connected = true;
      this.everConnected = true;
      this.attempts = 0;
      for (const waiter of this.connectedWaiters.splice(0)) waiter();
      return '';
    }
    if (sub === 52 /* '4' connect error */) {
      this.connectError = text.slice(2);
      // As the web client (client/src/realtime/socket.ts): a refusal that passes (the store did
      // not answer in time) is tried again with the backoff; any other one ends the client.
      if (!PASSING_REFUSAL.test(text)) this.closedByUs = true;
      this.ws?.terminate();
      return `connect refused: ${text.slice(2)}`;
    }
    if (sub === 49 /* '1' disconnect */) this.ws?.terminate();
    return null;
  }

  private onClose(): void {
    const wasConnected = this.connected;
    this.connected = false;
    this.ws = null;
    for (const pending of this.acks.values()) pending.resolve(null);
    this.acks.clear();
    if (this.closedByUs || !this.everConnected) return;
    if (wasConnected) {
      this.lostAt = now();
      this.attemptsSinceLoss = 0;
    }
    this.scheduleReconnect();
  }

  /** socket.io-client's defaults: 1 s doubling up to 5 s, ± 50 % jitter. */
  private scheduleReconnect(): void {
    const base = Math.min(5000, 1000 * 2 ** this.attempts);
    this.attempts += 1;
    const delay = base * (0.5 + Math.random());
    setTimeout(() => {
      if (this.closedByUs) return;
      this.attemptsSinceLoss += 1;
      this.connect().then(
        async () => {
          if (await this.resync()) this.resyncedAt = now();
        },
        (error: unknown) => {
          // onClose schedules the next attempt
          this.lastFailure = error instanceof Error ? error.message : String(error);
        },
      );
    }, delay);
  }
}
