import type { HandlerTable } from '../handlers.ts';
import { rooms } from '../rooms.ts';
import type { InteractionsService } from './interactions.service.ts';

/** Maps the poll, word-cloud, screen and delay commands to the service. */
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
    'poll:create': (ctx, input) => service.createPoll(ctx.principal, input),
    'poll:update': (ctx, input) => service.updatePoll(ctx.principal, input),
    'poll:open': (ctx, input) => service.open(ctx.principal, { kind: 'poll', id: input.pollId }),
    'poll:close': (ctx, input) => service.close(ctx.principal, { kind: 'poll', id: input.pollId }),
    'poll:reveal': (ctx, input) =>
      service.reveal(ctx.principal, { kind: 'poll', id: input.pollId }, input.revealed),
    'poll:vote': (ctx, input) => service.vote(ctx.principal, input),
    'cloud:create': (ctx, input) => service.createCloud(ctx.principal, input),
    'cloud:update': (ctx, input) => service.updateCloud(ctx.principal, input),
    'cloud:open': (ctx, input) => service.open(ctx.principal, { kind: 'cloud', id: input.cloudId }),
    'cloud:close': (ctx, input) => service.close(ctx.principal, { kind: 'cloud', id: input.cloudId }),
    'cloud:reveal': (ctx, input) =>
      service.reveal(ctx.principal, { kind: 'cloud', id: input.cloudId }, input.revealed),
    'cloud:submit': (ctx, input) => service.submitWord(ctx.principal, input),
    'cloud:hide': (ctx, input) => service.hideWord(ctx.principal, input),
    'screen:show': (ctx, input) => service.show(ctx.principal, input),
    'session:set-delay': (ctx, input) => service.setDelay(ctx.principal, input),
  };
}
