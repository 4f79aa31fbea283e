import type { HandlerTable } from '../handlers.ts';
import type { LiveSessionService } from './live-session.service.ts';

/** Maps the screen and stream-delay commands to the service. */
export function liveHandlers(live: LiveSessionService): HandlerTable {
  return {
    'screen:show': (ctx, input) => live.show(ctx.principal, input),
    'session:set-delay': (ctx, input) => live.setDelay(ctx.principal, input),
  };
}
