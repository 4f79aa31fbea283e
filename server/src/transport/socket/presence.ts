import { randomUUID } from 'node:crypto';
import type { AttendanceMode } from '@agora/shared';
import type { Presence, PresenceBoard, PresenceCounts } from '../../modules/presence.ts';
import { audienceSessionOf } from '../../modules/rooms.ts';
import type { AppServer } from './socket-server.ts';

type Listener = (sessionId: string) => void;

/** A presence whose counts change: `subscribe` sets the one listener told which session changed. */
export interface ObservedPresence extends Presence {
  subscribe(listener: Listener): void;
}

/**
 * One session's followers on this node: who each socket is, each person's sockets with their
 * attendance mode (in the order they joined: the latest one's mode is the person's), and the
 * counts, kept as people come and go.
 */
interface Followers {
  /** socket id → participant id */
  sockets: Map<string, string>;
  /** participant id → socket id → attendance mode */
  people: Map<string, Map<string, AttendanceMode>>;
  onsite: number;
  remote: number;
}

/** The mode a person counts under: their latest socket's. */
function modeOf(sockets: Map<string, AttendanceMode> | undefined): AttendanceMode | undefined {
  let mode: AttendanceMode | undefined;
  for (const m of sockets?.values() ?? []) mode = m;
  return mode;
}

/**
 * Counts the participants following each session on this node, from the audience-room joins and
 * leaves of the Socket.IO adapter (a disconnect leaves every room, so nothing is missed). A person
 * with two tabs counts once. Projectors and moderators are not participants and are not counted.
 * The counts are kept up to date at each join and leave: reading them costs nothing, where
 * counting the followers at each read cost 2–3 ms at 5,000 (every 250 ms during a join rush).
 */
export class SocketPresence implements ObservedPresence {
  private readonly followers = new Map<string, Followers>();
  private listener: Listener = () => undefined;

  subscribe(listener: Listener): void {
    this.listener = listener;
  }

  /** Listens to the adapter; call after `io.adapter(...)`, which replaces the adapter instance. */
  attach(io: AppServer): void {
    const nsp = io.of('/');
    nsp.adapter.on('join-room', (room: string, socketId: string) => {
      const sessionId = audienceSessionOf(room);
      const principal = sessionId ? nsp.sockets.get(socketId)?.data.principal : undefined;
      if (!sessionId || principal?.role !== 'participant') return;
      let session = this.followers.get(sessionId);
      if (!session) {
        session = { sockets: new Map(), people: new Map(), onsite: 0, remote: 0 };
        this.followers.set(sessionId, session);
      }
      // A socket joins a room once (the adapter tells only a new member); its person may change
      // only through a leave, but a repeated join must not count twice.
      if (session.sockets.has(socketId)) this.remove(session, socketId);
      session.sockets.set(socketId, principal.id);
      let modes = session.people.get(principal.id);
      if (!modes) {
        modes = new Map();
        session.people.set(principal.id, modes);
      }
      const before = modeOf(modes);
      modes.set(socketId, principal.attendance ?? 'remote');
      this.recount(session, before, modeOf(modes));
      this.listener(sessionId);
    });
    nsp.adapter.on('leave-room', (room: string, socketId: string) => {
      const sessionId = audienceSessionOf(room);
      const session = sessionId ? this.followers.get(sessionId) : undefined;
      if (!sessionId || !session || !this.remove(session, socketId)) return;
      if (session.sockets.size === 0) this.followers.delete(sessionId);
      this.listener(sessionId);
    });
  }

  /** Forgets a socket of the session; false if it was not there. */
  private remove(session: Followers, socketId: string): boolean {
    const participantId = session.sockets.get(socketId);
    if (participantId === undefined) return false;
    session.sockets.delete(socketId);
    const modes = session.people.get(participantId);
    const before = modeOf(modes);
    modes?.delete(socketId);
    if (modes?.size === 0) session.people.delete(participantId);
    this.recount(session, before, modeOf(modes));
    return true;
  }

  /** A person's mode went from `before` to `after` (undefined: not following). */
  private recount(session: Followers, before?: AttendanceMode, after?: AttendanceMode): void {
    if (before === after) return;
    if (before !== undefined) session[before] -= 1;
    if (after !== undefined) session[after] += 1;
  }

  /** Sessions with at least one participant on this node. */
  sessions(): string[] {
    return [...this.followers.keys()];
  }

  /** Each participant following a session on this node, once per session (attendance's live minutes). */
  *present(): Iterable<{ sessionId: string; participantId: string }> {
    for (const [sessionId, session] of this.followers) {
      for (const participantId of session.people.keys()) yield { sessionId, participantId };
    }
  }

  /** This node's count, at once. */
  local(sessionId: string): PresenceCounts {
    const session = this.followers.get(sessionId);
    return { onsite: session?.onsite ?? 0, remote: session?.remote ?? 0 };
  }

  async connected(sessionId: string): Promise<PresenceCounts> {
    return this.local(sessionId);
  }
}

interface Logger {
  warn(obj: object, msg: string): void;
}

const same = (a: PresenceCounts | undefined, b: PresenceCounts) =>
  a !== undefined && a.onsite === b.onsite && a.remote === b.remote;

/**
 * Presence over several nodes: each node writes its local counts to the shared board (coalesced:
 * one write per `flushMs` however many people come and go) and reads the sum of every node's share.
 * A heartbeat rewrites the node's shares before they expire, and tells the listener of sessions
 * whose sum moved without a local change (another node's share expired: that node died).
 * Cost: one small write per session with changes per `flushMs`, one per session per heartbeat.
 */
export class ClusterPresence implements ObservedPresence {
  readonly nodeId = randomUUID();
  private listener: Listener = () => undefined;
  private readonly dirty = new Set<string>();
  /** Sessions this node wrote a share of, so a share that falls to zero is removed. */
  private readonly shared = new Set<string>();
  /** Last sum read per session, to tell the listener when it moved without a local change. */
  private readonly totals = new Map<string, PresenceCounts>();
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly local: SocketPresence,
    private readonly board: PresenceBoard,
    private readonly log: Logger,
    private readonly options = { flushMs: 100, heartbeatMs: 10_000 },
  ) {
    local.subscribe((sessionId) => this.localChanged(sessionId));
    this.heartbeat = setInterval(() => void this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
  }

  subscribe(listener: Listener): void {
    this.listener = listener;
  }

  private get ttlMs(): number {
    return this.options.heartbeatMs * 3;
  }

  private localChanged(sessionId: string): void {
    this.dirty.add(sessionId);
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  private async write(sessionIds: Iterable<string>): Promise<void> {
    const shares = new Map<string, PresenceCounts>();
    for (const id of sessionIds) {
      const counts = this.local.local(id);
      shares.set(id, counts);
      if (counts.onsite + counts.remote > 0) this.shared.add(id);
      else this.shared.delete(id);
    }
    await this.board.publish(this.nodeId, shares, this.ttlMs);
  }

  private async flush(): Promise<void> {
    this.flushTimer = null;
    const changed = [...this.dirty];
    this.dirty.clear();
    try {
      await this.write(changed);
    } catch (error) {
      this.log.warn({ err: error }, 'presence: writing this node’s counts failed');
      // The next heartbeat writes them again.
    }
    // After the write, so the listener's read sees this node's new share.
    for (const id of changed) this.listener(id);
  }

  private async beat(): Promise<void> {
    try {
      await this.write(new Set([...this.shared, ...this.local.sessions()]));
      for (const [id, last] of this.totals) {
        const now = await this.board.total(id);
        if (!same(last, now)) this.listener(id);
        if (now.onsite + now.remote === 0) this.totals.delete(id);
        else this.totals.set(id, now);
      }
    } catch (error) {
      this.log.warn({ err: error }, 'presence: heartbeat failed');
    }
  }

  /**
   * The session's participants on every node at the last read of the board (by `connected`, which
   * the moderators' counts call as people come and go, and by the heartbeat), at once; 0 before any.
   */
  lastTotal(sessionId: string): number {
    const total = this.totals.get(sessionId);
    return total ? total.onsite + total.remote : 0;
  }

  async connected(sessionId: string): Promise<PresenceCounts> {
    const total = await this.board.total(sessionId);
    this.totals.set(sessionId, total);
    return total;
  }

  /** Stops the timers and removes this node's shares (graceful stop: the others stop counting them). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    const none = { onsite: 0, remote: 0 };
    await this.board.publish(this.nodeId, new Map([...this.shared].map((id) => [id, none])), this.ttlMs);
  }
}
