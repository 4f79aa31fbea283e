import { z } from 'zod';
import { AttendanceMode, Id } from './common.ts';
import { limits } from '../limits.ts';

/** The kinds of personal code, and so of token. */
export const Role = z.enum(['participant', 'moderator', 'projector']);
export type Role = z.infer<typeof Role>;

/** Body of `POST /api/editions/:slug/join`. */
export const JoinRequest = z.strictObject({
  code: z.string().min(1).max(40),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** Who the caller is, once joined. */
export const Me = z.object({
  role: Role,
  id: Id,
  editionSlug: z.string(),
  name: z.string().max(limits.nameMaxLength),
  attendance: AttendanceMode.nullable(),
  room: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

/** Answer of a successful join. The token is also set as an httpOnly cookie for the web client. */
export const JoinResponse = z.object({
  me: Me,
  token: z.string(),
  /**
   * When this access ends (ms): a participant's with the edition's replay window, a moderator's or
   * screen's with the edition's last day. Joining again with the code renews it.
   */
  expiresAt: z.number().int(),
});
export type JoinResponse = z.infer<typeof JoinResponse>;

/** Socket.IO handshake `auth`: which role's cookie to use, or an explicit token (non-browser clients). */
export const SocketAuth = z.object({
  as: Role.optional(),
  token: z.string().max(1000).optional(),
});
export type SocketAuth = z.infer<typeof SocketAuth>;

/** Name of the httpOnly cookie holding the token of a role: one per role so one laptop can be moderator and projector. */
export function tokenCookieName(role: Role): string {
  return `agora_${role}`;
}
