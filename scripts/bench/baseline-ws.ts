/**
 * The floor: a raw `ws` server that speaks the Engine.IO v4 / Socket.IO v5 text packets by hand
 * (open, namespace connect, ping, events, acks), so the same thin clients and probes drive it, and
 * does what the bare Socket.IO server does (baseline-behaviour.ts). A broadcast is encoded once
 * into one buffer and written to every socket of the room.
 *   PORT=0 BENCH_SAMPLES=bench-results/samples.json node --import tsx scripts/bench/baseline-ws.ts
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import {
  bareBehaviour,
  bareHttp,
  LISTEN_BACKLOG,
  loadSamples,
  printReady,
  SCREEN_TOKEN,
} from './baseline-behaviour.ts';

const PING_INTERVAL = 20_000;
const samples = loadSamples();
const http = createServer(bareHttp(samples));
const wss = new WebSocketServer({ server: http, path: '/socket.io/', perMessageDeflate: false });
const rooms = new Map<string, Set<WebSocket>>();

const handle = bareBehaviour(
  samples,
  (room, name, payload, except, volatile) => {
    const members = rooms.get(room);
    if (!members) return;
    const skip = except === undefined ? undefined : rooms.get(except);
    const frame = Buffer.from(`42${JSON.stringify([name, payload])}`);
    for (const ws of members) {
      if (skip?.has(ws) || (volatile && ws.bufferedAmount > 0)) continue;
      ws.send(frame, { binary: false });
    }
  },
  (room) => rooms.get(room)?.size ?? 0,
);

wss.on('connection', (ws) => {
  const sid = randomBytes(15).toString('base64url');
  const joined: string[] = [];
  const bare = {
    screen: false,
    join: (room: string) => {
      let members = rooms.get(room);
      if (!members) rooms.set(room, (members = new Set()));
      if (!members.has(ws)) joined.push(room);
      members.add(ws);
    },
    emit: (name: string, payload: unknown) => ws.send(`42${JSON.stringify([name, payload])}`),
  };
  ws.send(
    `0${JSON.stringify({ sid, upgrades: [], pingInterval: PING_INTERVAL, pingTimeout: 20_000, maxPayload: 1e6 })}`,
  );
  ws.on('message', (data: Buffer) => {
    const text = data.toString();
    if (text.startsWith('40')) {
      const auth = text.length > 2 ? (JSON.parse(text.slice(2)) as { token?: unknown }) : {};
      bare.screen = auth.token === SCREEN_TOKEN;
      ws.send(`40${JSON.stringify({ sid: randomBytes(15).toString('base64url') })}`);
      return;
    }
    if (!text.startsWith('42')) return; // pongs and the rest
    const open = text.indexOf('[');
    const id = open > 2 ? text.slice(2, open) : '';
    const [name, ...args] = JSON.parse(text.slice(open)) as [string, ...unknown[]];
    const reply = handle(bare, name, args[0]);
    if (id !== '') ws.send(`43${id}${JSON.stringify([reply])}`);
  });
  ws.on('close', () => {
    for (const room of joined) rooms.get(room)?.delete(ws);
  });
});

setInterval(() => {
  for (const ws of wss.clients) ws.send('2');
}, PING_INTERVAL).unref();

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', LISTEN_BACKLOG, () => {
  const address = http.address();
  printReady(address && typeof address === 'object' ? address.port : 0);
});

process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  http.close();
  process.exit(0);
});
