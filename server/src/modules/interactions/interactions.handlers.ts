import type { HandlerTable } from '../handlers.ts';
import { rooms } from '../rooms.ts';
import type { InteractionsService } from './interactions.service.ts';

/** Maps the commands that follow a session's polls and word clouds (snapshot, then rooms) to the service. */
export function interactionHandlers(service: InteractionsService): HandlerTable {
  return {
    'interactions:join': async (ctx, input) => {
      const snapshot = await service.snapshot(ctx.principal, input.sessionId);
      ctx.join(rooms.audience(input.sessionId));
      if (ctx.principal.role === 'projector') ctx.join(rooms.screens(input.sessionId));
      return snapshot;
    },
    'interactions:moderate': async (ctx, input) => {
      const snapshot = await service.moderationSnapshot(ctx.principal, input.sessionId);
      ctx.join(rooms.moderation(input.sessionId));
      return snapshot;
    },
  };
}
