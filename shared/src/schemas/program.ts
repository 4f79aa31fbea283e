import { z } from 'zod';
import { limits } from '../limits.ts';
import { Id, Timestamp } from './common.ts';
import { ProjectorLook } from './projector.ts';

/** Who may do an interaction in a session. */
export const Audience = z.enum(['everyone', 'onsite', 'nobody']);
export type Audience = z.infer<typeof Audience>;

/** Per-session interaction policy; enforced by the server. */
export const InteractionPolicy = z.strictObject({
  ask: Audience,
  upvote: Audience,
  /** Ballots in polls and words in word clouds. */
  vote: Audience,
});
export type InteractionPolicy = z.infer<typeof InteractionPolicy>;

export const SessionKind = z.enum(['plenary', 'workshop']);
export type SessionKind = z.infer<typeof SessionKind>;

/** Plenary: everyone interacts. Workshop: only on-site people ask, upvote and vote; remote people watch. */
export function defaultPolicy(kind: SessionKind): InteractionPolicy {
  return kind === 'plenary'
    ? { ask: 'everyone', upvote: 'everyone', vote: 'everyone' }
    : { ask: 'onsite', upvote: 'onsite', vote: 'onsite' };
}

/** An event edition, e.g. « Journée nationale inter-associations 2024 ». */
export const Edition = z.object({
  id: Id,
  slug: z.string().regex(/^[a-z0-9-]{2,64}$/),
  name: z.string().min(1).max(limits.editionNameMaxLength),
  startDate: z.iso.date(),
  endDate: z.iso.date(),
  venue: z.string().max(limits.venueMaxLength),
  timeZone: z.string().min(1).max(64),
  replayUntil: z.iso.date(),
  /** How its projectors look (absent: `defaultProjectorLook`). */
  projector: ProjectorLook.optional(),
});
export type Edition = z.infer<typeof Edition>;

/** What anyone (even before joining) may know of an edition: enough for the join page. */
export const EditionPublic = Edition.pick({
  slug: true,
  name: true,
  startDate: true,
  endDate: true,
  venue: true,
  timeZone: true,
});
export type EditionPublic = z.infer<typeof EditionPublic>;

export const Speaker = z.object({
  name: z.string().min(1).max(limits.speakerNameMaxLength),
  role: z.string().max(limits.speakerRoleMaxLength).optional(),
});
export type Speaker = z.infer<typeof Speaker>;

/** A session as stored and as the organizer sees it (with its stream and replay addresses). */
export const Session = z.object({
  id: Id,
  editionId: Id,
  title: z.string().min(1).max(limits.sessionTitleMaxLength),
  description: z.string().max(limits.sessionDescriptionMaxLength),
  startsAt: Timestamp,
  endsAt: Timestamp,
  room: z.string().max(limits.roomMaxLength),
  kind: SessionKind,
  speakers: z.array(Speaker).max(50),
  policy: InteractionPolicy,
  /** How far the remote stream lags behind the hall, in seconds: polls and clouds stay open that much longer for remote people. */
  remoteDelaySeconds: z.number().int().min(0).max(300),
  /** The moderator's « écran noir »: every projector of the session shows black (absent: off). */
  blackout: z.boolean().optional(),
  streamUrl: z.url().nullable(),
  replayUrl: z.url().nullable(),
});
export type Session = z.infer<typeof Session>;

/**
 * A session of the programme as participants see it: whether there is a stream or a replay, never
 * their addresses (those reach only people entitled now, through `watchRoutes.sessionWatch`).
 */
export const ProgrammeSession = Session.omit({ streamUrl: true, replayUrl: true }).extend({
  hasStream: z.boolean(),
  hasReplay: z.boolean(),
});
export type ProgrammeSession = z.infer<typeof ProgrammeSession>;

/** The programme of an edition, as shown to people who joined it. */
export const Programme = z.object({
  edition: EditionPublic,
  /** The address participants open to join (shown with a QR code on the projector). */
  joinUrl: z.string(),
  /** How the edition's projectors look (absent from servers before it: the default). */
  projector: ProjectorLook.optional(),
  sessions: z.array(ProgrammeSession),
});
export type Programme = z.infer<typeof Programme>;
