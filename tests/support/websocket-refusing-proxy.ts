import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RefusingProxy {
  url: string;
  /** Websocket upgrades refused so far. */
  refusedUpgrades(): number;
  /** Socket.IO long-polling requests passed on so far. */
  pollingRequests(): number;
  close(): Promise<void>;
}

/**
 * An HTTP proxy in front of `target` that passes every request on and refuses every websocket
 * (it drops the connection at the upgrade), as some company proxies and venue filters do.
 */
export async function websocketRefusingProxy(target: string): Promise<RefusingProxy> {
  const upstream = new URL(target);
  let refused = 0;
  let polling = 0;
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/socket.io/') && req.url.includes('transport=polling')) polling += 1;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('upgrade', (_req, socket) => {
    refused += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refusedUpgrades: () => refused,
    pollingRequests: () => polling,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
