import type { ServerEventName, ServerEventPayload } from '@agora/shared';

export interface LocalPublish {
  /** Not to the sockets also in this room. */
  except?: string;
  /**
   * Skipped for a socket still busy writing what it was sent before (Socket.IO's `volatile`): only
   * for a message that a later one replaces whole.
   */
  volatile?: boolean;
}

/** How services publish; implemented by the socket transport. Called only after a durable write. */
export interface Broadcaster {
  /** To every socket of `room` on every node, but those also in `except`. */
  publish<N extends ServerEventName>(
    room: string,
    event: N,
    payload: ServerEventPayload<N>,
    except?: string,
  ): void;
  /**
   * To this node's sockets of `room` only. Whole results go out this way: every node sends them to
   * its own sockets (a broadcast from each node to every node's sockets would reach each socket
   * once per node).
   */
  publishLocal<N extends ServerEventName>(
    room: string,
    event: N,
    payload: ServerEventPayload<N>,
    options?: LocalPublish,
  ): void;
  /** How many sockets of this node are in `room`: what a broadcast to it costs here. */
  localSize(room: string): number;
  /** Tells the other nodes, if any, that what `key` names changed here (`now`: send it at once). */
  signal(key: string, now: boolean): void;
  /** What the other nodes signal. */
  onSignal(handler: (key: string, now: boolean) => void): void;
  /**
   * Hands `data` to the other nodes, if any, for them to send to their own sockets (`onShared`):
   * one message between nodes where a broadcast per room would cost one per room, and each node
   * then paces its own sockets (a session's Q&A changes: qa-fanout.ts). Not to this node.
   */
  share(topic: string, data: unknown): void;
  /** What the other nodes share under `topic`. */
  onShared(topic: string, handler: (data: unknown) => void): void;
}
