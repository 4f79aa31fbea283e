import type { HandlerTable } from '../handlers.ts';
import type { WordCloudService } from './wordcloud.service.ts';

/** Maps the word-cloud commands to the service. */
export function wordCloudHandlers(clouds: WordCloudService): HandlerTable {
  return {
    'cloud:create': (ctx, input) => clouds.create(ctx.principal, input),
    'cloud:update': (ctx, input) => clouds.update(ctx.principal, input),
    'cloud:open': (ctx, input) => clouds.open(ctx.principal, input.cloudId),
    'cloud:close': (ctx, input) => clouds.close(ctx.principal, input.cloudId),
    'cloud:reveal': (ctx, input) => clouds.reveal(ctx.principal, input.cloudId, input.revealed),
    'cloud:submit': (ctx, input) => clouds.submit(ctx.principal, input, ctx.receivedAt),
    'cloud:hide': (ctx, input) => clouds.hideWord(ctx.principal, input),
  };
}
