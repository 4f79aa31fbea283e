import { z } from 'zod';
import { ackSchema, type Ack } from './errors.ts';
import { ClientId, Id } from './schemas/common.ts';
import {
  AudienceDelta,
  AudienceSnapshot,
  ModerationAction,
  ModerationDelta,
  ModerationSnapshot,
  ModQuestion,
  MyQuestion,
  QuestionText,
  UpvoteResult,
} from './schemas/questions.ts';
import { Session } from './schemas/program.ts';

const SessionRef = z.object({ sessionId: Id });

/**
 * Client → server commands: `{ input, output }` schemas. Every command is acked with
 * `{ ok: true, data: output } | { ok: false, error }`. Roles allowed are enforced by the server.
 */
export const commands = {
  /** Any role: join a session's live rooms; returns the audience snapshot (participants, projector). */
  'session:join': { input: SessionRef, output: AudienceSnapshot },
  /** Any role: leave a session's live rooms. */
  'session:leave': { input: SessionRef, output: z.object({ left: z.boolean() }) },
  /** Moderator: join a session's moderation room; returns every question. */
  'moderation:join': { input: SessionRef, output: ModerationSnapshot },
  /** Participant (if the session's policy allows): ask a question. Idempotent per `clientId`. */
  'question:ask': {
    input: z.object({
      sessionId: Id,
      clientId: ClientId,
      text: QuestionText,
      anonymous: z.boolean().default(false),
    }),
    output: MyQuestion,
  },
  /** Participant (if the policy allows): add (`up: true`) or remove an upvote. Idempotent. */
  'question:upvote': {
    input: z.object({ questionId: Id, up: z.boolean() }),
    output: UpvoteResult,
  },
  /** Moderator: approve, reject, mark answered, reopen, star, unstar. */
  'question:moderate': {
    input: z.object({ questionId: Id, action: ModerationAction }),
    output: ModQuestion,
  },
  /** Moderator: fix the text of a question; the original is kept in the audit trail. */
  'question:edit': {
    input: z.object({ questionId: Id, text: QuestionText }),
    output: ModQuestion,
  },
  /** Moderator: merge a duplicate into another question; upvotes are carried over without double votes. */
  'question:merge': {
    input: z.object({ sourceId: Id, targetId: Id }),
    output: ModQuestion,
  },
  /** Moderator: put a question on the projector (approving it if pending), or clear the screen with `null`. */
  'projector:show': {
    input: z.object({ sessionId: Id, questionId: Id.nullable() }),
    output: z.object({ onScreenId: Id.nullable() }),
  },
  /** Moderator: change a session's interaction policy. */
  'session:set-policy': {
    input: z.object({ sessionId: Id, policy: Session.shape.policy }),
    output: Session,
  },
} as const;

/** Server → client events. */
export const serverEvents = {
  /** To a session's audience room (participants and projectors). */
  'qa:audience': AudienceDelta,
  /** To a session's moderation room. */
  'qa:moderation': ModerationDelta,
  /** To the author only: their question changed status or text. */
  'question:mine': MyQuestion,
  /** To everyone in the session: its settings (policy) changed. */
  'session:updated': Session,
} as const;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type CommandParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;
export type ServerEventName = keyof typeof serverEvents;
export type ServerEventPayload<N extends ServerEventName> = z.output<(typeof serverEvents)[N]>;

/** Socket.IO typed map, client → server. */
export type ClientToServerEvents = {
  [N in CommandName]: (input: CommandInput<N>, ack: (res: Ack<CommandOutput<N>>) => void) => void;
};

/** Socket.IO typed map, server → client. */
export type ServerToClientEvents = {
  [N in ServerEventName]: (payload: ServerEventPayload<N>) => void;
};

/** Ack schema of a command, for clients and tests that parse what they receive. */
export function commandAck<N extends CommandName>(name: N) {
  return ackSchema(commands[name].output);
}
