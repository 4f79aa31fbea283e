import type { Socket } from 'socket.io';
import { AppError, commands, type Ack, type CommandName, type ServerToClientEvents } from '@agora/shared';
import type { HandlerContext, HandlerTable } from '../../modules/handlers.ts';
import type { CommandMetrics } from '../../observability/metrics.ts';
import type { Principal } from '../../modules/identity/principal.ts';
import type { InFlight } from '../in-flight.ts';

export interface SocketData {
  principal: Principal;
}

export type AppSocket = Socket<
  Record<string, never>,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

interface Logger {
  error(obj: unknown, msg: string): void;
}

/** Token bucket per socket: a burst of `capacity` commands, then `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {
    this.tokens = capacity;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

function toErrorAck(error: unknown, logger: Logger, context: object): Ack<never> {
  if (error instanceof AppError) return { ok: false, error: error.toBody() };
  logger.error({ err: error, ...context }, 'command failed');
  return { ok: false, error: { code: 'INTERNAL', message: 'internal error' } };
}

type Handler = (ctx: HandlerContext, input: unknown) => Promise<unknown>;
type Reply = (res: Ack<unknown>) => void;

/** What a socket carries for the dispatcher: the socket and its command budget. */
interface CommandState {
  socket: AppSocket;
  bucket: TokenBucket;
  /** Named on every line logged about one of its commands. */
  socketId: string;
}

/**
 * The handler context of one command: its socket and its receive time; a small object, its methods
 * on the prototype (no closures).
 */
class CommandContext implements HandlerContext {
  constructor(
    private readonly socket: AppSocket,
    readonly receivedAt: number,
  ) {}

  get principal(): Principal {
    return this.socket.data.principal;
  }

  join(room: string): void {
    void this.socket.join(room);
  }

  leave(room: string): void {
    void this.socket.leave(room);
  }
}

/**
 * The commands of the tables, served on every socket as: rate limit → parse with the shared schema
 * → handler (which authorises and calls the service) → ack; errors become error acks with stable
 * codes. No handler ever sees unvalidated input, and nothing a client sends can throw out.
 *
 * One dispatcher for the whole server, looked up by event name: a socket gets one `onAny` listener
 * (the same function for all) and one small state object, instead of a closure per command, which
 * at 10,000 sockets was 330,000 listeners to create and keep.
 */
export function commandDispatcher(
  tables: HandlerTable[],
  logger: Logger,
  inflight: InFlight,
  metrics?: CommandMetrics,
): (socket: AppSocket, bucket: TokenBucket) => void {
  const merged = Object.assign({}, ...tables) as HandlerTable;
  const table = new Map<string, { name: CommandName; handler: Handler }>();
  for (const name of Object.keys(commands) as CommandName[]) {
    const handler = merged[name] as Handler | undefined;
    if (handler) table.set(name, { name, handler });
  }
  const states = new WeakMap<object, CommandState>();

  const run = async (state: CommandState, name: CommandName, handler: Handler, raw: unknown, send: Reply) => {
    const startedAt = performance.now();
    const reply: Reply = (res) => {
      send(res);
      metrics?.acked(name, res, startedAt);
    };
    if (!inflight.accepting) {
      reply({ ok: false, error: { code: 'UNAVAILABLE', message: 'this server is restarting; retry' } });
      return;
    }
    if (!state.bucket.take()) {
      reply({ ok: false, error: { code: 'RATE_LIMITED', message: 'too many commands; slow down' } });
      return;
    }
    const parsed = commands[name].input.safeParse(raw);
    if (!parsed.success) {
      reply({
        ok: false,
        error: {
          code: 'INVALID_PAYLOAD',
          message: `invalid ${name} payload`,
          details: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      });
      return;
    }
    inflight.begin();
    const ctx = new CommandContext(state.socket, Date.now());
    try {
      reply({ ok: true, data: await handler(ctx, parsed.data) });
    } catch (error) {
      reply(
        toErrorAck(error, logger, {
          command: name,
          socketId: state.socketId,
          principal: ctx.principal.id,
        }),
      );
    } finally {
      inflight.end();
    }
  };

  // Socket.IO calls `onAny` listeners with the socket as `this`, the event name, then the arguments.
  function dispatch(this: Socket, event: unknown, ...args: unknown[]): void {
    const entry = typeof event === 'string' ? table.get(event) : undefined;
    if (!entry) return; // not a command: ignored, as an event nobody listens to
    // The ack is always the last argument; `emit(name, callback)` with no payload still deserves an answer.
    const ack = args.at(-1);
    if (typeof ack !== 'function') return; // every command is acked; a call without a callback is noise
    const state = states.get(this);
    if (!state) return;
    void run(state, entry.name, entry.handler, args.length > 1 ? args[0] : undefined, ack as Reply);
  }

  return (socket, bucket) => {
    states.set(socket, { socket, bucket, socketId: socket.id });
    // Socket.IO's typed maps do not reach dynamic names; the wire is typed by `commands` instead.
    (socket as unknown as Socket).onAny(dispatch);
  };
}
