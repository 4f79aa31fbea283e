import { z } from 'zod';
import { ackSchema, type Ack } from './errors.ts';
import { ClientId, Id } from './schemas/common.ts';
import {
  AudienceDelta,
  ModerationAction,
  ModerationDelta,
  ModQuestion,
  MyQuestion,
  QuestionText,
  UpvoteResult,
} from './schemas/questions.ts';
import { Session } from './schemas/program.ts';
import {
  Cloud,
  CloudDraft,
  CloudResults,
  ModCloudResults,
  ModCloudWord,
  MyBallot,
  MyWord,
  Poll,
  PollDraft,
  PollResults,
  ScreenItem,
} from './schemas/interactions.ts';
import { LiveState, ModeratorSnapshot, SessionSnapshot } from './schemas/live.ts';
import { MeasuredDelay, WatchBeat } from './schemas/watch.ts';

const SessionRef = z.strictObject({ sessionId: Id });
const PollRef = z.strictObject({ pollId: Id });
const CloudRef = z.strictObject({ cloudId: Id });

/**
 * Client → server commands: `{ input, output }` schemas. Inputs are strict objects: a key the
 * schema does not name is refused (INVALID_PAYLOAD), never silently dropped or applied. Every command is acked with
 * `{ ok: true, data: output } | { ok: false, error }`. Roles allowed are enforced by the server.
 */
export const commands = {
  /**
   * Any role of the edition (participants, projectors, a moderator's projector view): follow a
   * session; the one snapshot of its questions, polls, clouds, the caller's own ballots and words,
   * and its live state. Sent again after every reconnection and whenever the client must resync.
   */
  'session:join': { input: SessionRef, output: SessionSnapshot },
  /** Any role: leave a session's live rooms. */
  'session:leave': { input: SessionRef, output: z.object({ left: z.boolean() }) },
  /** Moderator of the session: follow it from the console; every question, poll, cloud and result, the live state. */
  'moderation:join': { input: SessionRef, output: ModeratorSnapshot },
  /** Participant (if the session's policy allows): ask a question. Idempotent per `clientId`. */
  'question:ask': {
    input: z.strictObject({
      sessionId: Id,
      clientId: ClientId,
      text: QuestionText,
      anonymous: z.boolean().default(false),
    }),
    output: MyQuestion,
  },
  /** Participant (if the policy allows): add (`up: true`) or remove an upvote. Idempotent. */
  'question:upvote': {
    input: z.strictObject({ questionId: Id, up: z.boolean() }),
    output: UpvoteResult,
  },
  /** Moderator: approve, reject, mark answered, reopen, star, unstar. */
  'question:moderate': {
    input: z.strictObject({ questionId: Id, action: ModerationAction }),
    output: ModQuestion,
  },
  /** Moderator: fix the text of a question; the original is kept in the audit trail. */
  'question:edit': {
    input: z.strictObject({ questionId: Id, text: QuestionText }),
    output: ModQuestion,
  },
  /** Moderator: merge a duplicate into another question; upvotes are carried over without double votes. */
  'question:merge': {
    input: z.strictObject({ sourceId: Id, targetId: Id }),
    output: ModQuestion,
  },
  /**
   * Moderator: show one thing on the projector: a question (approved if pending), a poll (split
   * between hall and remote or not), a word cloud, or nothing (`null`). Answers the live state.
   */
  'screen:show': {
    input: z.strictObject({ sessionId: Id, item: ScreenItem.nullable() }),
    output: LiveState,
  },
  /** Moderator: change a session's interaction policy. Answers the live state. */
  'session:set-policy': {
    input: z.strictObject({ sessionId: Id, policy: Session.shape.policy }),
    output: LiveState,
  },
  /**
   * Moderator: black out every projector of the session (« écran noir ») or bring back what is on
   * screen. Answers the live state.
   */
  'screen:blackout': {
    input: z.strictObject({ sessionId: Id, on: z.boolean() }),
    output: LiveState,
  },
  /** Moderator: set the session's remote stream delay (seconds). Answers the live state. */
  'session:set-delay': {
    input: z.strictObject({ sessionId: Id, remoteDelaySeconds: Session.shape.remoteDelaySeconds }),
    output: LiveState,
  },

  /** Moderator: prepare a poll (draft). */
  'poll:create': { input: z.strictObject({ sessionId: Id, draft: PollDraft }), output: Poll },
  /** Moderator: edit a poll that has no ballot yet. */
  'poll:update': { input: z.strictObject({ pollId: Id, draft: PollDraft }), output: Poll },
  /** Moderator: open a draft or re-open a closed poll (ballots are kept). */
  'poll:open': { input: PollRef, output: Poll },
  /** Moderator: close now for the hall, after the stream delay for remote people. */
  'poll:close': { input: PollRef, output: Poll },
  /** Moderator: show or hide the results of a `hidden` poll to the audience. */
  'poll:reveal': { input: z.strictObject({ pollId: Id, revealed: z.boolean() }), output: Poll },
  /** Participant (policy permitting): cast or change a ballot; idempotent per `clientId`. */
  'poll:vote': {
    input: z.strictObject({
      pollId: Id,
      clientId: ClientId,
      choices: z.array(z.string().max(8)).min(1).max(12),
    }),
    output: MyBallot,
  },

  /** Moderator: prepare a word cloud (draft). */
  'cloud:create': { input: z.strictObject({ sessionId: Id, draft: CloudDraft }), output: Cloud },
  /** Moderator: edit a cloud that has no word yet. */
  'cloud:update': { input: z.strictObject({ cloudId: Id, draft: CloudDraft }), output: Cloud },
  'cloud:open': { input: CloudRef, output: Cloud },
  'cloud:close': { input: CloudRef, output: Cloud },
  'cloud:reveal': { input: z.strictObject({ cloudId: Id, revealed: z.boolean() }), output: Cloud },
  /** Participant (policy permitting): send one word or short phrase; idempotent per `clientId`. */
  'cloud:submit': {
    input: z.strictObject({ cloudId: Id, clientId: ClientId, text: z.string().trim().min(1).max(60) }),
    output: MyWord,
  },
  /** Moderator: hide a word group from every screen (it stays hidden when sent again), or show it again. */
  'cloud:hide': {
    input: z.strictObject({ cloudId: Id, key: z.string().min(1).max(120), hidden: z.boolean() }),
    output: ModCloudWord,
  },

  /**
   * Participant or moderator watching a session's player (live or replay): a heartbeat, at most one
   * per tab every `beatSeconds` (sooner ones are answered and not counted). Counts attendance, keeps
   * the resume point, carries the live delay measured by the player.
   */
  'watch:beat': { input: WatchBeat, output: z.object({ counted: z.boolean() }) },
  /** Moderator: let the remote window follow the viewers' measured delay by itself, or not. */
  'session:follow-delay': {
    input: z.strictObject({ sessionId: Id, follow: z.boolean() }),
    output: MeasuredDelay,
  },
} as const;

/** Server → client events. */
export const serverEvents = {
  /** To a session's audience room (participants and projectors), coalesced: at most every 250 ms, slower for a large audience (1 s for 10,000 on a node, 2 s at most), at once when the question put on screen was approved by it. */
  'qa:audience': AudienceDelta,
  /** To a session's moderation room, one per change. */
  'qa:moderation': ModerationDelta,
  /** To the author only: their question changed status or text. */
  'question:mine': MyQuestion,
  /**
   * To a session's audience (participants and projectors) and moderators, whole, at once: what is
   * on screen, the policy or the remote delay changed. A client keeps the last one it received.
   */
  'live:state': LiveState,
  /** To a session's audience and moderators: its data was reset (go-live wipe, erasure); fetch fresh snapshots. */
  'session:reset': z.object({ sessionId: Id }),
  /** To the audience (not drafts) and moderators: a poll's definition or status changed. */
  'poll:updated': Poll,
  /** Whole results, coalesced: to moderators always and to projectors when visible, at most every 250 ms; to participants when visible, at most every 250 ms, slower for a large audience (1 s for 10,000 on a node, 2 s at most). Final results at once to all. */
  'poll:results': PollResults,
  'cloud:updated': Cloud,
  /** Coalesced like `poll:results`; to projectors and participants when visible (hidden and held-back words removed). */
  'cloud:results': CloudResults,
  /** Coalesced (at most every 250 ms); to moderators, every word with its flags. */
  'cloud:moderation': ModCloudResults,
  /** To moderators, at most every few seconds: the remote viewers' measured delay (median, 90th percentile). */
  'delay:measured': MeasuredDelay,
  /** To moderators, coalesced: participants connected to the session. */
  'presence:counts': z.object({
    sessionId: Id,
    onsite: z.number().int().nonnegative(),
    remote: z.number().int().nonnegative(),
  }),
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

/**
 * Size in bytes of the WebSocket message that carries a command, as the server measures it against
 * `limits.socketMaxMessageBytes`: Engine.IO's "4", Socket.IO's "2", the ack id's digits, then the
 * JSON of `[name, input]` in UTF-8. `ackId` null: emitted without an ack. Left out, the ack id is
 * not known yet and counted as 16 digits (the most a safe integer has), so the result is never
 * below the real size. Clients check it before emitting: a bigger message closes the connection
 * with no ack.
 */
export function commandMessageBytes(name: string, input: unknown, ackId?: number | null): number {
  const ackDigits = ackId === null ? 0 : ackId === undefined ? 16 : String(ackId).length;
  return 2 + ackDigits + new TextEncoder().encode(JSON.stringify([name, input])).length;
}
