import { AppError } from '@agora/shared';
import type { Principal } from '../identity/principal.ts';
import type { ProgramStore } from '../program/program.store.ts';
import { moderatedSession } from '../session-access.ts';
import type { Interaction, InteractionRef, InteractionStore } from './interactions.store.ts';
import { refusals as lifecycle } from './lifecycle.rules.ts';

/** A poll or cloud the principal moderates: FORBIDDEN for other roles and sessions, NOT_FOUND if missing. */
export async function moderatedInteraction(
  store: { interactions: Pick<InteractionStore, 'getPoll' | 'getCloud'>; program: ProgramStore },
  principal: Principal,
  ref: InteractionRef,
): Promise<Interaction> {
  if (principal.role !== 'moderator') throw new AppError('FORBIDDEN', 'moderators only');
  const item =
    ref.kind === 'poll'
      ? await store.interactions.getPoll(ref.id)
      : await store.interactions.getCloud(ref.id);
  if (!item) throw lifecycle.notFound(ref.kind);
  await moderatedSession(store.program, principal, item.sessionId);
  return item;
}
