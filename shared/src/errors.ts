import { z } from 'zod';

/** Stable error codes carried by every failed ack and HTTP error body. Clients switch on these, never on messages. */
export const ErrorCode = {
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  POLICY_FORBIDS: 'POLICY_FORBIDS',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** The poll or word cloud is not open (for this participant: on-site people stop before remote ones). */
  CLOSED: 'CLOSED',
  /** A per-participant limit is reached (e.g. words per cloud). */
  LIMIT_REACHED: 'LIMIT_REACHED',
  INVALID_CODE: 'INVALID_CODE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** Content of an edition (documents, replays) before its window opens. */
  NOT_YET_AVAILABLE: 'NOT_YET_AVAILABLE',
  /** Content of an edition after its replay window ended. */
  NO_LONGER_AVAILABLE: 'NO_LONGER_AVAILABLE',
  /** A signed file address past its expiry: ask for a new one. */
  LINK_EXPIRED: 'LINK_EXPIRED',
  /** An upload whose content (read from its bytes, not its name) is not of an accepted type. */
  FILE_TYPE_REFUSED: 'FILE_TYPE_REFUSED',
  /** An upload over the configured size limit. */
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  /** An upload with no bytes. */
  FILE_EMPTY: 'FILE_EMPTY',
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** The wire shape of an error, in acks and in HTTP error bodies. */
export const AppErrorBody = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.unknown().optional(),
});
export type AppErrorBody = z.infer<typeof AppErrorBody>;

/** HTTP status for each code; the single mapping used by the HTTP transport. */
export const httpStatusOf: Record<ErrorCode, number> = {
  INVALID_PAYLOAD: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  POLICY_FORBIDS: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CLOSED: 409,
  LIMIT_REACHED: 409,
  INVALID_CODE: 401,
  RATE_LIMITED: 429,
  NOT_YET_AVAILABLE: 403,
  NO_LONGER_AVAILABLE: 410,
  LINK_EXPIRED: 403,
  FILE_TYPE_REFUSED: 415,
  FILE_TOO_LARGE: 413,
  FILE_EMPTY: 400,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

/** Thrown by services; mapped to an error ack or an HTTP error by the transports. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): AppErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

/** The answer to every client command. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AppErrorBody };

/** Builds the zod schema of the ack of a command whose success data is `data`. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), data }),
    z.object({ ok: z.literal(false), error: AppErrorBody }),
  ]);
}
