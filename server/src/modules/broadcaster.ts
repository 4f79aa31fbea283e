import type { ServerEventName, ServerEventPayload } from '@agora/shared';

/** How services publish; implemented by the socket transport. Called only after a durable write. */
export interface Broadcaster {
  /** To every socket of `room` on every node, but those also in `except`. */
  publish<N extends ServerEventName>(
    room: string,
    event: N,
    payload: ServerEventPayload<N>,
    except?: string,
  ): void;
  /** How many sockets of this node are in `room`: what a broadcast to it costs here. */
  localSize(room: string): number;
}
