import type { HandlerTable } from '../handlers.ts';
import { rooms } from '../rooms.ts';
import type { QuestionsService } from './questions.service.ts';

/** Maps the Q&A commands to the service; joining a session also follows its rooms. */
export function questionHandlers(service: QuestionsService): HandlerTable {
  return {
    'session:join': async (ctx, input) => {
      const snapshot = await service.audienceSnapshot(ctx.principal, input.sessionId);
      ctx.join(rooms.audience(input.sessionId));
      return snapshot;
    },
    'session:leave': async (ctx, input) => {
      ctx.leave(rooms.audience(input.sessionId));
      ctx.leave(rooms.moderation(input.sessionId));
      ctx.leave(rooms.screens(input.sessionId));
      return { left: true };
    },
    'moderation:join': async (ctx, input) => {
      const snapshot = await service.moderationSnapshot(ctx.principal, input.sessionId);
      ctx.join(rooms.moderation(input.sessionId));
      return snapshot;
    },
    'question:ask': (ctx, input) => service.ask(ctx.principal, input),
    'question:upvote': (ctx, input) => service.upvote(ctx.principal, input),
    'question:moderate': (ctx, input) => service.moderate(ctx.principal, input),
    'question:edit': (ctx, input) => service.edit(ctx.principal, input),
    'question:merge': (ctx, input) => service.merge(ctx.principal, input),
    'projector:show': (ctx, input) => service.show(ctx.principal, input),
    'session:set-policy': (ctx, input) => service.setPolicy(ctx.principal, input),
  };
}
