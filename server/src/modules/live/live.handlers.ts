import type { HandlerContext, HandlerTable } from '../handlers.ts';
import { rooms } from '../rooms.ts';
import type { LiveSessionService } from './live-session.service.ts';
import type { Follow, SessionJoinService } from './session-join.service.ts';

/** Following rooms through the transport. */
function follow(ctx: HandlerContext, names: string[]): Follow {
  return () => {
    for (const room of names) ctx.join(room);
  };
}

/**
 * Maps the session's join, leave, screen, policy and stream-delay commands to the live services.
 * Projectors also follow the screens room, where live results come at the moderators' pace.
 */
export function liveHandlers(live: LiveSessionService, join: SessionJoinService): HandlerTable {
  return {
    'session:join': (ctx, { sessionId }) =>
      join.audience(
        ctx.principal,
        sessionId,
        follow(ctx, [
          rooms.audience(sessionId),
          ...(ctx.principal.role === 'projector' ? [rooms.screens(sessionId)] : []),
        ]),
      ),
    'moderation:join': (ctx, { sessionId }) =>
      join.moderator(ctx.principal, sessionId, follow(ctx, [rooms.moderation(sessionId)])),
    'session:leave': async (ctx, { sessionId }) => {
      ctx.leave(rooms.audience(sessionId));
      ctx.leave(rooms.moderation(sessionId));
      ctx.leave(rooms.screens(sessionId));
      return { left: true };
    },
    'screen:show': (ctx, input) => live.show(ctx.principal, input),
    'screen:blackout': (ctx, input) => live.setBlackout(ctx.principal, input),
    'session:set-policy': (ctx, input) => live.setPolicy(ctx.principal, input),
    'session:set-delay': (ctx, input) => live.setDelay(ctx.principal, input),
  };
}
