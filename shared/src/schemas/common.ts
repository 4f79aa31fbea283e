import { z } from 'zod';
import { limits } from '../limits.ts';

/** Server-generated identifier (editions, sessions, questions, principals). */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid id');

/**
 * Client-generated idempotency key: a retried submission carries the same one,
 * and the server answers it with the original result instead of applying it twice.
 */
export const ClientId = z
  .string()
  .regex(new RegExp(`^[A-Za-z0-9_-]{8,${limits.clientIdMaxLength}}$`), 'invalid client id');

/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int().nonnegative();

/** Where a participant takes part from: in the hall or remotely. */
export const AttendanceMode = z.enum(['onsite', 'remote']);
export type AttendanceMode = z.infer<typeof AttendanceMode>;
