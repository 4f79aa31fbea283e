import { commandMessageBytes, limits } from '@agora/shared';
import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { handshakeRetryDelayMs } from './socket-options.ts';
import { command, type AgoraSocket } from './socket.ts';

// Never connected: a command that would be sent answers UNAVAILABLE, one that never may, INVALID_PAYLOAD.
const socket: AgoraSocket = io('http://127.0.0.1:9', { autoConnect: false, transports: ['websocket'] });

const ask = (text: string) => ({ sessionId: 'session-1', clientId: 'client-0001', text, anonymous: false });

describe('sending a command', () => {
  it('refuses a command over the socket message limit without sending it, with a stable code', async () => {
    const input = ask('é'.repeat(limits.socketMaxMessageBytes / 2));
    expect(commandMessageBytes('question:ask', input)).toBeGreaterThan(limits.socketMaxMessageBytes);
    expect(await command(socket, 'question:ask', input)).toEqual({
      ok: false,
      error: {
        code: 'INVALID_PAYLOAD',
        message: 'too large to send',
        details: { bytes: commandMessageBytes('question:ask', input), limit: limits.socketMaxMessageBytes },
      },
    });
  });

  it('lets a command at the limit through to the usual checks', async () => {
    const base = commandMessageBytes('question:ask', ask(''));
    const input = ask('x'.repeat(limits.socketMaxMessageBytes - base));
    expect(commandMessageBytes('question:ask', input)).toBe(limits.socketMaxMessageBytes);
    expect(await command(socket, 'question:ask', input)).toMatchObject({
      ok: false,
      error: { code: 'UNAVAILABLE', message: 'offline' },
    });
  });
});

describe('a handshake the server refused', () => {
  it('is tried again for a passing cause, with Socket.IO’s backoff spread ± half', () => {
    expect(handshakeRetryDelayMs('UNAVAILABLE', 0, 0.5)).toBe(1_000);
    expect(handshakeRetryDelayMs('UNAVAILABLE', 0, 0)).toBe(500);
    expect(handshakeRetryDelayMs('RATE_LIMITED', 2, 0.5)).toBe(4_000);
    expect(handshakeRetryDelayMs('INTERNAL', 9, 0.999)).toBe(7_495);
    expect(handshakeRetryDelayMs('UNAVAILABLE', 3, 0.5)).toBe(5_000);
  });

  it('is not tried again when the token or the request is at fault', () => {
    for (const code of ['UNAUTHORIZED', 'INVALID_PAYLOAD', 'FORBIDDEN', undefined])
      expect(handshakeRetryDelayMs(code, 0, 0.5)).toBeNull();
  });
});
