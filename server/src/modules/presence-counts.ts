import { LIVE_INTERVAL_MS } from './audience-cadence.ts';
import type { Broadcaster } from './broadcaster.ts';
import { Coalescer, type Scheduler } from './coalescer.ts';
import type { Presence } from './presence.ts';
import { rooms } from './rooms.ts';

interface Logger {
  error(obj: unknown, msg: string): void;
}

/**
 * The participation rate moderators watch: when participants come and go, `presence:counts` goes
 * to the session's moderation room, coalesced per session (a join rush of thousands is one count
 * per interval, not one per connection).
 */
export class PresenceCountsPublisher {
  private readonly coalescer: Coalescer<string>;

  constructor(
    private readonly presence: Presence,
    private readonly bus: Broadcaster,
    scheduler: Scheduler,
    logger: Logger,
    intervalMs = LIVE_INTERVAL_MS,
  ) {
    this.coalescer = new Coalescer<string>(
      (sessionId) => {
        this.publish(sessionId).catch((error: unknown) =>
          logger.error({ err: error, sessionId }, 'broadcast failed'),
        );
      },
      scheduler,
      intervalMs,
    );
  }

  /** Called by the transport when participants of a session come and go. */
  changed(sessionId: string): void {
    this.coalescer.mark(sessionId);
  }

  /** Cancels the scheduled counts (shutdown). */
  stop(): void {
    this.coalescer.stop();
  }

  private async publish(sessionId: string): Promise<void> {
    this.bus.publish(rooms.moderation(sessionId), 'presence:counts', {
      sessionId,
      ...(await this.presence.connected(sessionId)),
    });
  }
}
