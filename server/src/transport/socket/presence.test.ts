import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceBoard, PresenceCounts } from '../../modules/presence.ts';
import { rooms } from '../../modules/rooms.ts';
import { ClusterPresence, SocketPresence } from './presence.ts';
import type { AppServer } from './socket-server.ts';

/** The board as Redis keeps it, in memory: node → counts and expiry, per session. */
class MemoryBoard implements PresenceBoard {
  readonly shares = new Map<string, Map<string, PresenceCounts & { expires: number }>>();
  async publish(nodeId: string, shares: ReadonlyMap<string, PresenceCounts>, ttlMs: number) {
    for (const [sessionId, c] of shares) {
      const nodes = this.shares.get(sessionId) ?? new Map();
      this.shares.set(sessionId, nodes);
      if (c.onsite + c.remote === 0) nodes.delete(nodeId);
      else nodes.set(nodeId, { ...c, expires: Date.now() + ttlMs });
    }
  }
  async total(sessionId: string) {
    const sum = { onsite: 0, remote: 0 };
    for (const s of this.shares.get(sessionId)?.values() ?? []) {
      if (s.expires <= Date.now()) continue;
      sum.onsite += s.onsite;
      sum.remote += s.remote;
    }
    return sum;
  }
}

/** A node: its local presence fed by a fake adapter, and its cluster presence on the shared board. */
function node(board: PresenceBoard) {
  const adapter = new EventEmitter();
  const sockets = new Map<string, { data: { principal: object } }>();
  const local = new SocketPresence();
  local.attach({ of: () => ({ adapter, sockets }) } as unknown as AppServer);
  const cluster = new ClusterPresence(local, board, { warn: () => undefined });
  const changed: string[] = [];
  cluster.subscribe((id) => changed.push(id));
  let n = 0;
  return {
    cluster,
    changed,
    join(sessionId: string, attendance: 'onsite' | 'remote') {
      const socketId = `sock${(n += 1)}`;
      sockets.set(socketId, { data: { principal: { role: 'participant', id: socketId, attendance } } });
      adapter.emit('join-room', rooms.audience(sessionId), socketId);
      return () => adapter.emit('leave-room', rooms.audience(sessionId), socketId);
    },
  };
}

describe('presence over several nodes', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sums every node’s share, written once per flush however many people come', async () => {
    const board = new MemoryBoard();
    const publish = vi.spyOn(board, 'publish');
    const a = node(board);
    const b = node(board);
    a.join('s', 'onsite');
    a.join('s', 'remote');
    const leave = b.join('s', 'onsite');
    b.join('s', 'onsite');
    expect(await a.cluster.connected('s')).toEqual({ onsite: 0, remote: 0 });
    await vi.advanceTimersByTimeAsync(100);
    expect(publish).toHaveBeenCalledTimes(2);
    // The listener hears of a change once this node's share is written.
    expect([a.changed, b.changed]).toEqual([['s'], ['s']]);
    expect(await a.cluster.connected('s')).toEqual({ onsite: 3, remote: 1 });
    leave();
    await vi.advanceTimersByTimeAsync(100);
    expect(await b.cluster.connected('s')).toEqual({ onsite: 2, remote: 1 });
  });

  it('remembers the last sum it read, which paces the session’s phones by its audience on every node', async () => {
    const board = new MemoryBoard();
    const a = node(board);
    const b = node(board);
    expect(a.cluster.lastTotal('s')).toBe(0);
    a.join('s', 'onsite');
    b.join('s', 'remote');
    b.join('s', 'onsite');
    await vi.advanceTimersByTimeAsync(100);
    // Nothing read yet: no sum to remember.
    expect(a.cluster.lastTotal('s')).toBe(0);
    await a.cluster.connected('s');
    expect(a.cluster.lastTotal('s')).toBe(3);
    b.join('s', 'remote');
    await vi.advanceTimersByTimeAsync(100);
    // Read again by the heartbeat, without a change on this node.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.cluster.lastTotal('s')).toBe(4);
    expect(a.cluster.lastTotal('other')).toBe(0);
  });

  it('forgets a node that stops, or that dies, and tells the others’ listeners by their heartbeat', async () => {
    const board = new MemoryBoard();
    const a = node(board);
    const b = node(board);
    const c = node(board);
    a.join('s', 'onsite');
    b.join('s', 'remote');
    c.join('s', 'remote');
    await vi.advanceTimersByTimeAsync(100);
    expect(await a.cluster.connected('s')).toEqual({ onsite: 1, remote: 2 });
    a.changed.length = 0;

    await b.cluster.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.changed).toEqual(['s']);
    expect(await a.cluster.connected('s')).toEqual({ onsite: 1, remote: 1 });

    // c dies without a word: its share lives until its time-to-live, a's own share is kept fresh.
    vi.spyOn(c.cluster as unknown as { beat: () => Promise<void> }, 'beat').mockResolvedValue();
    a.changed.length = 0;
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await a.cluster.connected('s')).toEqual({ onsite: 1, remote: 1 });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(a.changed).toEqual(['s']);
    expect(await a.cluster.connected('s')).toEqual({ onsite: 1, remote: 0 });
    await a.cluster.stop();
    await c.cluster.stop();
  });
});

describe('presence on one node', () => {
  /** A node's local presence fed by a fake adapter: sockets join and leave a session's audience room. */
  function local() {
    const adapter = new EventEmitter();
    const sockets = new Map<string, { data: { principal: object } }>();
    const presence = new SocketPresence();
    presence.attach({ of: () => ({ adapter, sockets }) } as unknown as AppServer);
    let n = 0;
    return {
      presence,
      open(participantId: string, attendance: 'onsite' | 'remote', role = 'participant') {
        const socketId = `sock${(n += 1)}`;
        sockets.set(socketId, { data: { principal: { role, id: participantId, attendance } } });
        return {
          join: (sessionId = 's') => adapter.emit('join-room', rooms.audience(sessionId), socketId),
          leave: (sessionId = 's') => adapter.emit('leave-room', rooms.audience(sessionId), socketId),
        };
      },
    };
  }

  it('counts a person with two tabs once, under the mode of their latest tab', () => {
    const node = local();
    const first = node.open('ana', 'remote');
    first.join();
    node.open('bob', 'onsite').join();
    expect(node.presence.local('s')).toEqual({ onsite: 1, remote: 1 });
    const second = node.open('ana', 'onsite');
    second.join();
    expect(node.presence.local('s')).toEqual({ onsite: 2, remote: 0 });
    second.leave();
    expect(node.presence.local('s')).toEqual({ onsite: 1, remote: 1 });
    first.leave();
    expect(node.presence.local('s')).toEqual({ onsite: 1, remote: 0 });
    expect([...node.presence.present()]).toEqual([{ sessionId: 's', participantId: 'bob' }]);
  });

  it('keeps each session apart, ignores other roles and forgets a session nobody follows', () => {
    const node = local();
    const tab = node.open('ana', 'onsite');
    tab.join('s');
    tab.join('t');
    node.open('proj', 'onsite', 'projector').join('s');
    expect(node.presence.local('s')).toEqual({ onsite: 1, remote: 0 });
    expect(node.presence.local('t')).toEqual({ onsite: 1, remote: 0 });
    tab.leave('s');
    // A leave of a socket that was not there changes nothing.
    tab.leave('s');
    expect(node.presence.local('s')).toEqual({ onsite: 0, remote: 0 });
    expect(node.presence.sessions()).toEqual(['t']);
  });
});
