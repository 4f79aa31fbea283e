import { commandMessageBytes, limits } from '@agora/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, clientId } from '../support/actors.ts';
import {
  closeAllSockets,
  refused,
  removeDataDir,
  startServer,
  type Client,
  type RunningServer,
} from '../support/server-process.ts';

const limit = limits.socketMaxMessageBytes;

/** An emit without an ack: what the server does with the message is all there is to see. */
const emitRaw = (socket: Client, name: string, input: unknown) =>
  (socket as unknown as { emit(event: string, input: unknown): void }).emit(name, input);

describe('the socket message limit (docs/protocol.md)', () => {
  let server: RunningServer;
  let session: string;

  beforeAll(async () => {
    server = await startServer();
    session = server.demo.plenarySessionId;
  });

  afterAll(async () => {
    closeAllSockets();
    await server.stop();
    await removeDataDir(server.dataDir);
  });

  const ask = (text: string) => ({ sessionId: session, clientId: clientId(), text, anonymous: false });

  it('reads a message of exactly the limit and closes the connection, without an ack, on one byte more', async () => {
    const { socket } = await actor(server, 'participant', 0, 'onsite');
    const base = commandMessageBytes('question:ask', ask(''), null);
    const at = ask('x'.repeat(limit - base));
    expect(commandMessageBytes('question:ask', at, null)).toBe(limit);
    emitRaw(socket, 'question:ask', at);
    // The same socket still answers: the message at the limit was read, not fatal.
    const answer = await refused(socket, 'question:ask', ask('x'.repeat(limits.questionMaxLength + 1)));
    expect(answer.code).toBe('INVALID_PAYLOAD');

    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    emitRaw(socket, 'question:ask', ask('x'.repeat(limit - base + 1)));
    expect(await closed).toBe('transport close');
  });

  it('answers INVALID_PAYLOAD to the largest command a client lets through, on an open connection', async () => {
    const { socket } = await actor(server, 'participant', 1, 'onsite');
    const base = commandMessageBytes('question:ask', ask(''));
    const largest = ask('é'.repeat(Math.floor((limit - base) / 2)));
    expect(commandMessageBytes('question:ask', largest)).toBeLessThanOrEqual(limit);
    expect((await refused(socket, 'question:ask', largest)).code).toBe('INVALID_PAYLOAD');
    expect(socket.connected).toBe(true);
  });
});
