import { z } from 'zod';
import { AppError } from '@agora/shared';
import type { Clock } from './modules/clock.ts';
import { createOrganizerAccount } from './modules/organizer/organizer-auth.service.ts';
import type { LockReply } from './data-dir-lock.ts';
import type { Store } from './store/store.ts';

/**
 * What a local tool may ask the running server over the data folder's lock socket. Only the
 * server's own user (or root) can connect to it (mode 0600): that is the authorisation, the same
 * one that lets them read the data folder.
 */
export const LocalRequest = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('create-organizer'),
    email: z.email(),
    name: z.string().trim().min(1).max(120),
    password: z.string().max(1024),
  }),
  z.object({
    op: z.literal('backup'),
    /** An absolute folder, empty or missing, that the server writes the backup into. */
    dir: z.string().min(1).max(4096),
  }),
]);
export type LocalRequest = z.infer<typeof LocalRequest>;

/** What the server can do besides the store's own operations: an online backup (embedded store). */
export interface LocalOps {
  backup(dir: string): Promise<unknown>;
}

/** Answers a local request: parsed with zod, refused with a stable code, never thrown. */
export function localAdmin(
  store: Store,
  clock: Clock,
  ops: LocalOps,
): (request: unknown) => Promise<LockReply> {
  return async (raw) => {
    const parsed = LocalRequest.safeParse(raw);
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return { ok: false, error: { code: 'INVALID_PAYLOAD', message } };
    }
    try {
      const request = parsed.data;
      if (request.op === 'backup') return { ok: true, data: await ops.backup(request.dir) };
      const { email, name, password } = request;
      return { ok: true, data: await createOrganizerAccount(store, clock, { email, name, password }) };
    } catch (error) {
      if (error instanceof AppError)
        return { ok: false, error: { code: error.code, message: error.message } };
      throw error;
    }
  };
}
