import type { AttendanceMode, Me, Role } from '@agora/shared';
import { codeOf, type RunningServer } from './server-process.ts';
import { joinWithCode } from './http-client.ts';
import { connect, ok, type Client } from './socket-client.ts';

/** Someone who joined with a demo code and holds a connected socket. */
export interface Actor {
  me: Me;
  token: string;
  socket: Client;
}

/** Joins with the n-th demo code of a role (and attendance) and connects a socket with its token. */
export async function actor(
  server: Pick<RunningServer, 'url' | 'demo'>,
  role: Role,
  n = 0,
  attendance?: AttendanceMode,
): Promise<Actor> {
  const { code } = codeOf(server.demo, role, n, attendance);
  const { me, token } = await joinWithCode(server.url, server.demo.slug, code);
  return { me, token, socket: await connect(server.url, token) };
}

/** Another socket for the same person (each socket has its own command budget). */
export async function reconnect(server: Pick<RunningServer, 'url'>, who: Actor): Promise<Actor> {
  return { ...who, socket: await connect(server.url, who.token) };
}

/** A moderator opens a live single-choice poll « Oui » / « Non » in a session: the poll as opened. */
export async function openYesNoPoll(moderator: Actor, sessionId: string, question: string) {
  const poll = await ok(moderator.socket, 'poll:create', {
    sessionId,
    draft: { question, kind: 'single', options: ['Oui', 'Non'], maxChoices: 1, visibility: 'live' },
  });
  return ok(moderator.socket, 'poll:open', { pollId: poll.id });
}

/** A participant asks a question in a session, signed: the question as stored (pending). */
export function askQuestion(who: Actor, sessionId: string, text: string) {
  return ok(who.socket, 'question:ask', { sessionId, clientId: clientId(), text, anonymous: false });
}

/** A client id as the web client makes them: unique, 8 to 64 safe characters. */
let counter = 0;
export function clientId(label = 'q'): string {
  counter += 1;
  return `${label}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 10)}`.slice(0, 64);
}
