import type { AttendanceMode, Me, Role } from '@agora/shared';
import type { PrincipalRecord } from './identity.store.ts';

/** Who is calling, resolved from a verified token and the store. */
export interface Principal {
  role: Role;
  id: string;
  editionId: string;
  name: string;
  attendance: AttendanceMode | null;
  /** Moderators limited to some sessions; null = every session of the edition. */
  sessionIds: string[] | null;
  room: string | null;
}

export function principalOf(record: PrincipalRecord): Principal {
  switch (record.role) {
    case 'participant':
      return {
        role: 'participant',
        id: record.id,
        editionId: record.editionId,
        name: record.name,
        attendance: record.attendance,
        sessionIds: null,
        room: null,
      };
    case 'moderator':
      return {
        role: 'moderator',
        id: record.id,
        editionId: record.editionId,
        name: record.name,
        attendance: null,
        sessionIds: record.sessionIds,
        room: null,
      };
    case 'projector':
      return {
        role: 'projector',
        id: record.id,
        editionId: record.editionId,
        name: record.name,
        attendance: null,
        sessionIds: null,
        room: record.room,
      };
  }
}

export function meOf(principal: Principal, editionSlug: string): Me {
  return {
    role: principal.role,
    id: principal.id,
    editionSlug,
    name: principal.name,
    attendance: principal.attendance,
    room: principal.room,
  };
}
