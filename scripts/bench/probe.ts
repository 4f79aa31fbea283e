/**
 * A real `socket.io-client` connection (websocket transport) that checks what the thin clients do
 * not: every event it receives is parsed with its shared schema, every ack with the command's ack
 * schema. It also keeps the last payload of each kind, which the bare servers replay (same sizes).
 */
import { io, type Socket } from 'socket.io-client';
import {
  commandAck,
  serverEvents,
  type Ack,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type ServerEventName,
  type ServerEventPayload,
} from '@agora/shared';
import { now } from './thin-client.ts';

interface Waiter {
  name: string;
  test: (payload: unknown) => boolean;
  resolve: (arrival: { payload: unknown; at: number }) => void;
}

export class Probe {
  readonly socket: Socket;
  /** Events or acks that did not match their schema (a correct server has none). */
  readonly invalid: string[] = [];
  readonly lastEvent = new Map<string, unknown>();
  readonly lastAck = new Map<string, unknown>();
  private waiters: Waiter[] = [];
  private listeners: ((name: string, payload: unknown, at: number) => void)[] = [];

  /** `strict`: parse with the shared schemas (our server); the bare servers replay, so they do too. */
  constructor(
    readonly label: string,
    baseUrl: string,
    token: string,
    private readonly strict = true,
  ) {
    this.socket = io(baseUrl, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
    });
    this.socket.onAny((name: string, raw: unknown) => {
      const at = now();
      const schema = (serverEvents as Record<string, (typeof serverEvents)[ServerEventName] | undefined>)[
        name
      ];
      const parsed = schema?.safeParse(raw);
      if (this.strict && !parsed?.success) this.invalid.push(`${label}: event ${name}`);
      this.keepSample(name, raw);
      const payload = parsed?.success ? parsed.data : raw;
      for (const listener of this.listeners) listener(name, payload, at);
      this.waiters = this.waiters.filter((w) => {
        if (w.name !== name || !w.test(payload)) return true;
        w.resolve({ payload, at });
        return false;
      });
    });
  }

  /** Keeps a representative sample: for Q&A deltas, one that carries a question. */
  private keepSample(name: string, raw: unknown): void {
    const upsert = (raw as { upsert?: unknown[] } | null)?.upsert;
    if (upsert !== undefined && upsert.length === 0 && this.lastEvent.has(name)) return;
    this.lastEvent.set(name, raw);
  }

  /**
   * Resolves once connected. Socket.IO does not retry a handshake the server refused: one refused
   * as UNAVAILABLE (the store was slow during the storm) is tried again every second, as the web
   * client does (client/src/realtime/socket.ts); any other refusal rejects.
   */
  connected(): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const refused = (e: Error & { data?: { code?: unknown } }) => {
        if (this.socket.active) return;
        if (e.data?.code === 'UNAVAILABLE') setTimeout(() => this.socket.connect(), 1_000);
        else {
          this.socket.off('connect_error', refused);
          reject(new Error(`${this.label}: ${e.message}`));
        }
      };
      this.socket.on('connect_error', refused);
      this.socket.once('connect', () => {
        this.socket.off('connect_error', refused);
        resolve();
      });
      if (!this.socket.active) this.socket.connect();
    });
  }

  onEvent(listener: (name: string, payload: unknown, at: number) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** The next `name` event satisfying `test`, with its arrival time. */
  next<N extends ServerEventName>(
    name: N,
    test: (payload: ServerEventPayload<N>) => boolean = () => true,
  ): Promise<{ payload: ServerEventPayload<N>; at: number }> {
    return new Promise((resolve) =>
      this.waiters.push({
        name,
        test: (p) => test(p as ServerEventPayload<N>),
        resolve: (a) => resolve(a as { payload: ServerEventPayload<N>; at: number }),
      }),
    );
  }

  /** Sends a command; resolves with its data, throws on an error ack. */
  async command<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>> {
    const raw = (await this.socket.timeout(30_000).emitWithAck(name, input)) as unknown;
    this.lastAck.set(name, raw);
    const parsed = commandAck(name).safeParse(raw);
    if (!parsed.success) {
      if (this.strict) this.invalid.push(`${this.label}: ack of ${name}`);
      return (raw as { data: CommandOutput<N> }).data;
    }
    const ack = parsed.data as Ack<CommandOutput<N>>;
    if (!ack.ok) throw new Error(`${this.label}: ${name} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data;
  }

  close(): void {
    this.socket.close();
  }
}
