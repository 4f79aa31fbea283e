import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgoraSocket } from './socket.ts';
import { SessionStore, type Role } from './session-store.ts';

// A real Socket.IO server whose `session:join` answers what each test scripts, one answer a call.
const answers: unknown[][] = [];
const calls: number[] = [];
let url = '';
let server: Server;

beforeAll(async () => {
  const http = createServer();
  server = new Server(http);
  server.on('connection', (socket) => {
    socket.on('session:join', (input: { sessionId: string }, ack: (a: unknown) => void) => {
      const k = Number(input.sessionId);
      calls[k] = (calls[k] ?? 0) + 1;
      ack(answers[k]?.shift() ?? { ok: true, data: 'snapshot' });
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterAll(() => server.close());

// The role's join as sent; its snapshot kept as it came.
const role: Role<string, string> = {
  join: (socket, sessionId) =>
    (socket as unknown as ReturnType<typeof io>).timeout(5_000).emitWithAck('session:join', { sessionId }),
  from: (snapshot) => snapshot,
  reduce: (state) => ({ state, resync: 'none' }),
};

async function joined(k: number, scripted: unknown[]) {
  answers[k] = scripted;
  const socket = io(url, { transports: ['websocket'], forceNew: true }) as unknown as AgoraSocket;
  const store = new SessionStore(socket, String(k), role);
  const stop = store.start();
  return { store, close: () => (stop(), socket.disconnect()) };
}

const unavailable = {
  ok: false,
  error: { code: 'UNAVAILABLE', message: 'the data store does not answer; retry' },
};

describe('a session join the server refused', () => {
  it('is tried again when the store did not answer, and the room is ready once it does', async () => {
    const { store, close } = await joined(0, [unavailable, unavailable]);
    await expect.poll(() => store.getView().status.kind, { timeout: 2_000 }).toBe('error');
    await expect.poll(() => store.getView().status.kind, { timeout: 10_000 }).toBe('ready');
    expect(store.getView().state).toBe('snapshot');
    expect(calls[0]).toBe(3);
    close();
  });

  it('is not tried again when the person may not join', async () => {
    const { store, close } = await joined(1, [{ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }]);
    await expect.poll(() => store.getView().status.kind, { timeout: 2_000 }).toBe('error');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(calls[1]).toBe(1);
    expect(store.getView().status.kind).toBe('error');
    close();
  });
});
