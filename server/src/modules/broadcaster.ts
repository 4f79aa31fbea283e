import type { ServerEventName, ServerEventPayload } from '@agora/shared';

/** How services publish; implemented by the socket transport. Called only after a durable write. */
export interface Broadcaster {
  publish<N extends ServerEventName>(room: string, event: N, payload: ServerEventPayload<N>): void;
}
