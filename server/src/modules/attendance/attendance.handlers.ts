import type { HandlerTable } from '../handlers.ts';
import type { AttendanceService } from './attendance.service.ts';
import type { MeasuredDelayService } from './measured-delay.service.ts';

/** The players' heartbeats and the moderators' delay following. */
export function attendanceHandlers(attendance: AttendanceService, delay: MeasuredDelayService): HandlerTable {
  return {
    'watch:beat': (ctx, input) => attendance.beat(ctx.principal, input),
    'session:follow-delay': (ctx, input) => delay.setFollow(ctx.principal, input),
  };
}
