/**
 * The bare Socket.IO server of the benchmark: the same Socket.IO version and options as ours, the
 * same rooms, payloads and broadcasts (see baseline-behaviour.ts), and nothing else: no validation,
 * no authorisation, no store, one `onAny` listener per socket.
 *   PORT=0 BENCH_SAMPLES=bench-results/samples.json node --import tsx scripts/bench/baseline-socketio.ts
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import {
  bareBehaviour,
  bareHttp,
  LISTEN_BACKLOG,
  loadSamples,
  printReady,
  SCREEN_TOKEN,
} from './baseline-behaviour.ts';

const samples = loadSamples();
const http = createServer(bareHttp(samples));
const io = new Server(http, {
  serveClient: false,
  maxHttpBufferSize: 64 * 1024,
  pingInterval: 20_000,
  pingTimeout: 20_000,
});
const handle = bareBehaviour(
  samples,
  (room, name, payload, except, volatile) => {
    const target = (volatile ? io.volatile : io).to(room);
    (except === undefined ? target : target.except(except)).emit(name, payload);
  },
  (room) => io.of('/').adapter.rooms.get(room)?.size ?? 0,
);

io.use((socket, next) => {
  // Whatever token comes is taken: the bare server checks nothing.
  socket.data.token = (socket.handshake.auth as { token?: unknown }).token;
  next();
});
io.on('connection', (socket) => {
  const bare = {
    screen: socket.data.token === SCREEN_TOKEN,
    join: (room: string) => void socket.join(room),
    emit: (name: string, payload: unknown) => socket.emit(name, payload),
  };
  socket.onAny((name: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    const reply = handle(bare, name, args.length > 1 ? args[0] : undefined);
    if (typeof ack === 'function') (ack as (r: unknown) => void)(reply);
  });
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', LISTEN_BACKLOG, () => {
  const address = http.address();
  printReady(address && typeof address === 'object' ? address.port : 0);
});

process.on('SIGTERM', () => {
  io.close();
  process.exit(0);
});
