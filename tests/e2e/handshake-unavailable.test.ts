import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, launchBrowser, newContext, programmeEntry } from '../support/browser.ts';
import { randomPrefix, startRedis, type RedisServer } from '../support/redis-server.ts';
import { codeOf, removeDataDir, startServer, type RunningServer } from '../support/server-process.ts';
import { tcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

const run = promisify(execFile);
const badge = (page: Page) => page.getByTestId('connection-state').getAttribute('data-state');

/**
 * A phone that comes back while the data store is slow (a Redis failover, a reconnect storm) has its
 * handshake refused with UNAVAILABLE. Socket.IO does not retry a handshake the server refused: the
 * phone must, or it stays « déconnecté » until the person reloads the page.
 */
describe('a phone whose reconnection is refused because the store does not answer', () => {
  let redis: RedisServer;
  let server: RunningServer;
  let proxy: TcpProxy;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    redis = await startRedis({ appendonly: false });
    server = await startServer({
      env: {
        REDIS_URL: redis.url,
        REDIS_PREFIX: randomPrefix(),
        SECRET: randomBytes(32).toString('base64url'),
      },
    });
    proxy = await tcpProxy(server.port);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await closeBrowser(browser, contexts);
    await proxy?.close();
    await server?.stop();
    if (server) await removeDataDir(server.dataDir);
    await redis?.stop();
  });

  it('tries again by itself and is back once the store answers', async () => {
    const context = await newContext(browser, { viewport: { width: 360, height: 740 } });
    contexts.push(context);
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('websocket', (ws) =>
      ws.on('framereceived', (f) => {
        if (typeof f.payload === 'string' && f.payload.startsWith('44') && f.payload.includes('UNAVAILABLE'))
          refusals.push(f.payload);
      }),
    );
    const { code } = codeOf(server.demo, 'participant', 0, 'onsite');
    await page.goto(`${proxy.url}/e/${server.demo.slug}?code=${code}`);
    await (await programmeEntry(page, server.demo.plenarySessionId, 'handshake-unavailable')).click();
    await expect.poll(() => badge(page), { timeout: 15_000 }).toBe('connected');

    // The store stops answering for 8 s (longer than the server's 1.5 s wait for it), then the
    // venue's Wi-Fi drops every connection: the phone's next handshakes are refused.
    const { port } = new URL(redis.url);
    // Read before the pause starts: redis-cli's own start and exit take tens of milliseconds, and
    // the pause ends 8 s after Redis took it, not after redis-cli returned (7,966 ms was once seen so).
    const pausedAt = Date.now();
    await run('redis-cli', ['-p', port, 'CLIENT', 'PAUSE', '8000', 'ALL']);
    proxy.cut();
    await expect.poll(() => refusals.length, { timeout: 8_000 }).toBeGreaterThan(0);
    expect(await badge(page)).not.toBe('connected');

    // Once the store answers again the phone is back without a reload, within the socket's own
    // backoff (at most 5 s between tries, ± half).
    await expect.poll(() => badge(page), { timeout: 20_000 }).toBe('connected');
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(8_000);
  });
});
