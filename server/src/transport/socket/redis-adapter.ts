import { createAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Config } from '../../config.ts';

/**
 * Socket.IO's Redis adapter: broadcasts from any node reach the clients of every node, through
 * Redis pub/sub or (`streams`) a Redis stream, which the streams adapter reads with connections of
 * its own.
 */
export function redisAdapter(
  url: string,
  prefix: string,
  kind: Config['REDIS_ADAPTER'],
  log: (error: Error) => void,
) {
  const pub = new Redis(url, { maxRetriesPerRequest: null, connectionName: 'agora-pub' });
  pub.on('error', log);
  if (kind === 'streams') {
    return {
      pub,
      connections: { 'adapter-pub': pub } as Record<string, Redis>,
      adapter: createStreamsAdapter(pub, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        onlyPlaintext: true,
      }),
      close: async () => {
        await pub.quit().catch(() => undefined);
      },
    };
  }
  // The subscriber connection cannot run other commands, hence two clients of their own.
  const sub = pub.duplicate({ connectionName: 'agora-sub' });
  sub.on('error', log);
  return {
    /** Also runs the presence board's commands (the adapter only publishes on it). */
    pub,
    /** For `/metrics`: the state of each connection. */
    connections: { 'adapter-pub': pub, 'adapter-sub': sub } as Record<string, Redis>,
    adapter: createAdapter(pub, sub, { key: `${prefix}socket.io` }),
    close: async () => {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
