import type { HandlerTable } from '../handlers.ts';
import type { QuestionsService } from './questions.service.ts';

/** Maps the Q&A commands to the service. */
export function questionHandlers(service: QuestionsService): HandlerTable {
  return {
    'question:ask': (ctx, input) => service.ask(ctx.principal, input),
    'question:upvote': (ctx, input) => service.upvote(ctx.principal, input),
    'question:moderate': (ctx, input) => service.moderate(ctx.principal, input),
    'question:edit': (ctx, input) => service.edit(ctx.principal, input),
    'question:merge': (ctx, input) => service.merge(ctx.principal, input),
  };
}
