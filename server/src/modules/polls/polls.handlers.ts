import type { HandlerTable } from '../handlers.ts';
import type { PollsService } from './polls.service.ts';

/** Maps the poll commands to the service. */
export function pollHandlers(polls: PollsService): HandlerTable {
  return {
    'poll:create': (ctx, input) => polls.create(ctx.principal, input),
    'poll:update': (ctx, input) => polls.update(ctx.principal, input),
    'poll:open': (ctx, input) => polls.open(ctx.principal, input.pollId),
    'poll:close': (ctx, input) => polls.close(ctx.principal, input.pollId),
    'poll:reveal': (ctx, input) => polls.reveal(ctx.principal, input.pollId, input.revealed),
    'poll:vote': (ctx, input) => polls.vote(ctx.principal, input, ctx.receivedAt),
  };
}
