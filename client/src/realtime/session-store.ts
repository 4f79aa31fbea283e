import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import {
  serverEvents,
  type Ack,
  type AppErrorBody,
  type CommandInput,
  type CommandOutput,
  type ModeratorSnapshot,
  type ServerEventName,
  type SessionSnapshot,
} from '@agora/shared';
import {
  audienceSessionFrom,
  moderatorSessionFrom,
  reduceAudience,
  reduceModerator,
  type Acked,
  type AckedCommand,
  type AudienceSession,
  type ModeratorSession,
  type ServerEvent,
  type SessionInput,
  type Step,
} from '../state/session.state.ts';
import { handshakeRetryDelayMs } from './socket-options.ts';
import { command, parseEvent, type AgoraSocket } from './socket.ts';

export type SyncStatus = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; error: AppErrorBody };

/** How one role joins a session and keeps it: its join, its snapshot, its reducer. */
export interface Role<S, D> {
  join(socket: AgoraSocket, sessionId: string): Promise<Ack<D>>;
  from(snapshot: D, receivedAt: number, previous: S | null): S;
  reduce(state: S, input: SessionInput): Step<S>;
}

const audienceRole: Role<AudienceSession, SessionSnapshot> = {
  join: (socket, sessionId) => command(socket, 'session:join', { sessionId }),
  from: audienceSessionFrom,
  reduce: reduceAudience,
};

const moderatorRole: Role<ModeratorSession, ModeratorSnapshot> = {
  join: (socket, sessionId) => command(socket, 'moderation:join', { sessionId }),
  from: moderatorSessionFrom,
  reduce: reduceModerator,
};

type View<S> = { state: S | null; status: SyncStatus };

const isServerEvent = (name: string): name is ServerEventName => Object.hasOwn(serverEvents, name);

/**
 * One role's session in one browser: the one join (on every connection, and again when a gap or
 * a reset calls for it), its snapshot, and every server event and command answer through the
 * role's reducer. Events that arrive while a join is under way are held and applied on top of its
 * snapshot: the server follows the rooms before it reads, so such an event may be newer than the
 * snapshot, and applying an older one again changes nothing (deltas are numbered, results
 * versioned, the rest whole). Command answers received meanwhile are applied at once and held too,
 * so the snapshot does not take them back. Only the answer to the latest join is kept.
 */
export class SessionStore<S, D> {
  private view: View<S> = { state: null, status: { kind: 'loading' } };
  private held: SessionInput[] | null = null;
  private attempt = 0;
  /** Joins refused in a row for a passing cause, for the backoff. */
  private refusedJoins = 0;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly socket: AgoraSocket,
    private readonly sessionId: string,
    private readonly role: Role<S, D>,
  ) {}

  /** Listens to the socket and joins (now if connected, and after every reconnection); returns the undo. */
  start(): () => void {
    this.socket.onAny(this.onEvent);
    this.socket.on('connect', this.onConnect);
    if (this.socket.connected) this.onConnect();
    return () => {
      this.socket.offAny(this.onEvent);
      this.socket.off('connect', this.onConnect);
      this.attempt += 1;
    };
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getView = (): View<S> => this.view;

  /** A command's answer: applied at once on the state held (after the snapshot, if a join is under way). */
  dispatch(input: SessionInput): void {
    if (this.held) this.held.push(input);
    if (this.view.state !== null) this.apply(this.role.reduce(this.view.state, input));
  }

  private readonly onConnect = () => void this.join();

  private readonly onEvent = (name: string, payload: unknown) => {
    if (!isServerEvent(name)) return;
    const parsed = parseEvent(name, payload);
    if (parsed === null) return;
    const input: SessionInput = { type: 'event', event: { name, payload: parsed } as ServerEvent };
    if (this.held) this.held.push(input);
    else if (this.view.state !== null) this.apply(this.role.reduce(this.view.state, input));
  };

  private apply(step: Step<S>): void {
    if (step.resync === 'reset') this.set({ ...this.view, state: null });
    else this.set({ ...this.view, state: step.state });
    if (step.resync !== 'none') void this.join();
  }

  private async join(): Promise<void> {
    const attempt = ++this.attempt;
    this.held = [];
    const ack = await this.role.join(this.socket, this.sessionId);
    if (attempt !== this.attempt) return;
    const held = this.held;
    this.held = null;
    if (!ack.ok) {
      this.set({ ...this.view, status: { kind: 'error', error: ack.error } });
      // The store did not answer in time (a failover, a reconnect storm): joined again with the
      // socket's backoff, or the room would show the error until the next reconnection.
      const retryIn = handshakeRetryDelayMs(ack.error.code, this.refusedJoins);
      if (retryIn !== null) {
        this.refusedJoins += 1;
        setTimeout(() => {
          if (attempt === this.attempt && this.socket.connected) void this.join();
        }, retryIn);
      }
      return;
    }
    this.refusedJoins = 0;
    let state = this.role.from(ack.data, Date.now(), this.view.state);
    let resync: Step<S>['resync'] = 'none';
    for (const input of held) {
      const step = this.role.reduce(state, input);
      state = step.state;
      if (step.resync !== 'none') resync = step.resync;
    }
    this.set({ state, status: { kind: 'ready' } });
    if (resync !== 'none') this.apply({ state, resync });
  }

  private set(view: View<S>): void {
    this.view = view;
    for (const listener of this.listeners) listener();
  }
}

const idle = { state: null, status: { kind: 'loading' } } as const;
const noSubscription = () => () => undefined;

function useSessionStore<S, D>(socket: AgoraSocket | null, sessionId: string, role: Role<S, D>) {
  const store = useMemo(
    () => (socket ? new SessionStore(socket, sessionId, role) : null),
    [socket, sessionId, role],
  );
  useEffect(() => store?.start(), [store]);
  const view = useSyncExternalStore<View<S>>(
    store?.subscribe ?? noSubscription,
    store?.getView ?? (() => idle),
  );
  /** A command's answer, applied at once (an outbox's acks come this way). */
  const acked = useCallback((ack: Acked) => store?.dispatch({ type: 'ack', ack }), [store]);
  /** Sends a command and applies its answer; resolves with the ack for the view to show a refusal. */
  const send = useCallback(
    async <N extends AckedCommand>(name: N, input: CommandInput<N>): Promise<Ack<CommandOutput<N>>> => {
      if (!socket) return { ok: false, error: { code: 'UNAVAILABLE', message: 'offline' } };
      const ack = await command(socket, name, input);
      if (ack.ok) store?.dispatch({ type: 'ack', ack: { name, data: ack.data } as Acked });
      return ack;
    },
    [socket, store],
  );
  return { state: view.state, status: view.status, acked, send };
}

/** A participant's or a projector's session: one join, one snapshot, one reducer. */
export function useAudienceSession(socket: AgoraSocket | null, sessionId: string) {
  return useSessionStore(socket, sessionId, audienceRole);
}

/** A moderator's session: one join, one snapshot, one reducer. */
export function useModeratorSession(socket: AgoraSocket | null, sessionId: string) {
  return useSessionStore(socket, sessionId, moderatorRole);
}

export type SessionSend = ReturnType<typeof useModeratorSession>['send'];
