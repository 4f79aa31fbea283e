import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  AppErrorBody,
  commandAck,
  serverEvents,
  type Ack,
  type ClientToServerEvents,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type ServerEventName,
  type ServerEventPayload,
  type ServerToClientEvents,
} from '@agora/shared';

/** A client socket typed by the shared wire contract. */
export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Socket.IO's typed maps cannot follow a generic event name; this is the untyped view used inside. */
interface Untyped {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
}
const untyped = (socket: Client) => socket as unknown as Untyped;

const open = new Set<Client>();

/** Socket.IO client options a test may change (e.g. the transports, as the web client sets them). */
export type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

function socketFor(baseUrl: string, auth: Record<string, unknown>, options: ConnectOptions = {}): Client {
  const socket: Client = io(baseUrl, {
    auth,
    transports: ['websocket'],
    // A test socket lives once: a reconnection would hide what the test means to see.
    reconnection: false,
    forceNew: true,
    ...options,
  });
  open.add(socket);
  return socket;
}

/** Connects with a token; resolves once connected, rejects with the connect error's data. */
export function connect(baseUrl: string, token: string, options: ConnectOptions = {}): Promise<Client> {
  const socket = socketFor(baseUrl, { token }, options);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(new Error(`connect failed: ${error.message} ${JSON.stringify(error.data)}`));
    });
  });
}

/** Tries to connect with some handshake auth, expecting a refusal: resolves with the error body. */
export function connectError(baseUrl: string, auth: Record<string, unknown>): Promise<AppErrorBody> {
  const socket = socketFor(baseUrl, auth);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the server accepted the connection'));
    });
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      const parsed = AppErrorBody.safeParse(error.data);
      if (parsed.success) resolve(parsed.data);
      else reject(new Error(`connect_error without an error body: ${error.message}`));
    });
  });
}

/** Closes every socket the test file opened. */
export function closeAllSockets(): void {
  for (const socket of open) socket.close();
  open.clear();
}

/**
 * Resolves on the next `name` event (parsed with its shared schema) that satisfies `predicate`.
 * Call it before the action that causes the event; rejects if a payload does not parse.
 */
export function nextEvent<N extends ServerEventName>(
  socket: Client,
  name: N,
  predicate: (payload: ServerEventPayload<N>) => boolean = () => true,
): Promise<ServerEventPayload<N>> {
  return new Promise((resolve, reject) => {
    const listener = (raw: unknown) => {
      const parsed = serverEvents[name].safeParse(raw);
      if (!parsed.success) {
        untyped(socket).off(name, listener);
        reject(new Error(`${name} payload does not match its schema: ${parsed.error.message}`));
        return;
      }
      const payload = parsed.data as ServerEventPayload<N>;
      if (!predicate(payload)) return;
      untyped(socket).off(name, listener);
      resolve(payload);
    };
    untyped(socket).on(name, listener);
  });
}

/** Every `name` event a socket receives from now on, parsed; for checks on whole sequences. */
export class EventLog<N extends ServerEventName> {
  readonly events: ServerEventPayload<N>[] = [];
  /** Payloads that did not match the shared schema (a test expects none). */
  readonly invalid: unknown[] = [];
  private waiters: {
    predicate: (p: ServerEventPayload<N>) => boolean;
    resolve: (p: ServerEventPayload<N>) => void;
  }[] = [];
  private readonly listener = (raw: unknown) => {
    const parsed = serverEvents[this.name].safeParse(raw);
    if (!parsed.success) {
      this.invalid.push(raw);
      return;
    }
    const payload = parsed.data as ServerEventPayload<N>;
    this.events.push(payload);
    this.waiters = this.waiters.filter((w) => {
      if (!w.predicate(payload)) return true;
      w.resolve(payload);
      return false;
    });
  };

  constructor(
    private readonly socket: Client,
    private readonly name: N,
  ) {
    untyped(socket).on(name, this.listener);
  }

  /** The first event, already received or still to come, that satisfies `predicate`. */
  until(predicate: (payload: ServerEventPayload<N>) => boolean): Promise<ServerEventPayload<N>> {
    const seen = this.events.find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
  }

  stop(): void {
    untyped(this.socket).off(this.name, this.listener);
  }
}

export function record<N extends ServerEventName>(socket: Client, name: N): EventLog<N> {
  return new EventLog(socket, name);
}

/** Sends a command and resolves with its ack, parsed with the command's shared ack schema. */
export async function command<N extends CommandName>(
  socket: Client,
  name: N,
  input: CommandInput<N>,
): Promise<Ack<CommandOutput<N>>> {
  return rawCommand(socket, name, input);
}

/** Sends anything under a command's name (bad-input tests); resolves with the parsed ack. */
export function rawCommand<N extends CommandName>(
  socket: Client,
  name: N,
  ...args: unknown[]
): Promise<Ack<CommandOutput<N>>> {
  return new Promise((resolve, reject) => {
    untyped(socket).emit(name, ...args, (raw: unknown) => {
      const parsed = commandAck(name).safeParse(raw);
      if (parsed.success) resolve(parsed.data as Ack<CommandOutput<N>>);
      else reject(new Error(`${name} ack does not match its schema: ${parsed.error.message}`));
    });
  });
}

/** Sends a command that must succeed; resolves with its data, fails with the error code otherwise. */
export async function ok<N extends CommandName>(
  socket: Client,
  name: N,
  input: CommandInput<N>,
): Promise<CommandOutput<N>> {
  const ack = await command(socket, name, input);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** Sends a command that must fail; resolves with its error body. */
export async function refused<N extends CommandName>(
  socket: Client,
  name: N,
  input: unknown,
): Promise<AppErrorBody> {
  const ack = await rawCommand(socket, name, input);
  if (ack.ok) throw new Error(`${name} was accepted: ${JSON.stringify(ack.data)}`);
  return ack.error;
}
