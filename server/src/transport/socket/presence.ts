import type { AttendanceMode } from '@agora/shared';
import type { Presence, PresenceCounts } from '../../modules/presence.ts';
import { audienceSessionOf } from '../../modules/rooms.ts';
import type { AppServer } from './socket-server.ts';

interface Member {
  participantId: string;
  mode: AttendanceMode;
}

/**
 * Counts the participants following each session on this node, from the audience-room joins and
 * leaves of the Socket.IO adapter (a disconnect leaves every room, so nothing is missed). A person
 * with two tabs counts once. Projectors and moderators are not participants and are not counted.
 */
export class SocketPresence implements Presence {
  /** session id → socket id → who */
  private readonly members = new Map<string, Map<string, Member>>();

  constructor(private readonly onChange: (sessionId: string) => void) {}

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
      this.onChange(sessionId);
    });
    nsp.adapter.on('leave-room', (room: string, socketId: string) => {
      const sessionId = audienceSessionOf(room);
      const sockets = sessionId ? this.members.get(sessionId) : undefined;
      if (!sessionId || !sockets?.delete(socketId)) return;
      if (sockets.size === 0) this.members.delete(sessionId);
      this.onChange(sessionId);
    });
  }

  connected(sessionId: string): PresenceCounts {
    const people = new Map<string, AttendanceMode>();
    for (const member of this.members.get(sessionId)?.values() ?? []) {
      people.set(member.participantId, member.mode);
    }
    let onsite = 0;
    for (const mode of people.values()) if (mode === 'onsite') onsite += 1;
    return { onsite, remote: people.size - onsite };
  }
}
