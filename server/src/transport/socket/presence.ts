import { randomUUID } from 'node:crypto';
import type { AttendanceMode } from '@agora/shared';
import type { Presence, PresenceBoard, PresenceCounts } from '../../modules/presence.ts';
import { audienceSessionOf } from '../../modules/rooms.ts';
import type { AppServer } from './socket-server.ts';

interface Member {
  participantId: string;
  mode: AttendanceMode;
}

type Listener = (sessionId: string) => void;

/** A presence whose counts change: `subscribe` sets the one listener told which session changed. */
export interface ObservedPresence extends Presence {
  subscribe(listener: Listener): void;
}

/**
 * Counts the participants following each session on this node, from the audience-room joins and
 * leaves of the Socket.IO adapter (a disconnect leaves every room, so nothing is missed). A person
 * with two tabs counts once. Projectors and moderators are not participants and are not counted.
 */
export class SocketPresence implements ObservedPresence {
  /** session id → socket id → who */
  private readonly members = new Map<string, Map<string, Member>>();
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
      let sockets = this.members.get(sessionId);
      if (!sockets) {
        sockets = new Map();
        this.members.set(sessionId, sockets);
      }
      sockets.set(socketId, { participantId: principal.id, mode: principal.attendance ?? 'remote' });
      this.listener(sessionId);
    });
    nsp.adapter.on('leave-room', (room: string, socketId: string) => {
      const sessionId = audienceSessionOf(room);
      const sockets = sessionId ? this.members.get(sessionId) : undefined;
      if (!sessionId || !sockets?.delete(socketId)) return;
      if (sockets.size === 0) this.members.delete(sessionId);
      this.listener(sessionId);
    });
  }

  /** Sessions with at least one participant on this node. */
  sessions(): string[] {
    return [...this.members.keys()];
  }

  /** Each participant following a session on this node, once per session (attendance's live minutes). */
  *present(): Iterable<{ sessionId: string; participantId: string }> {
    for (const [sessionId, sockets] of this.members) {
      const seen = new Set<string>();
      for (const { participantId } of sockets.values()) {
        if (seen.has(participantId)) continue;
        seen.add(participantId);
        yield { sessionId, participantId };
      }
    }
  }

  /** This node's count, at once. */
  local(sessionId: string): PresenceCounts {
    const people = new Map<string, AttendanceMode>();
    for (const member of this.members.get(sessionId)?.values() ?? []) {
      people.set(member.participantId, member.mode);
    }
    let onsite = 0;
    for (const mode of people.values()) if (mode === 'onsite') onsite += 1;
    return { onsite, remote: people.size - onsite };
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
