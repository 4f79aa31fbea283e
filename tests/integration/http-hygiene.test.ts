import { readdirSync, readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ensureClientBuilt } from '../support/client-build.ts';
import {
  closeAllSockets,
  codeOf,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

const dist = fileURLToPath(new URL('../../client/dist/', import.meta.url));
const STUDIO = 'https://studio.example.org';
const PARTNER = 'https://partner.example.net';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET whose body is read as sent (fetch would decompress it and hide the encoding). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

/** Opens a raw websocket on the Socket.IO endpoint as a browser page of `origin` would. */
function websocketFrom(server: RunningServer, origin: string): Promise<'open' | number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/socket.io/?EIO=4&transport=websocket`, { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', reject);
  });
}

const started: RunningServer[] = [];
let server: RunningServer;
let script: string;

beforeAll(async () => {
  ensureClientBuilt();
  const name = readdirSync(join(dist, 'assets')).find((f) => /^index-.*\.js$/.test(f));
  if (!name) throw new Error('the client build has no index-*.js');
  script = `/assets/${name}`;
  server = await startServer({
    env: { FRAME_ANCESTORS: `${STUDIO}, http://localhost:8080`, ALLOWED_ORIGINS: PARTNER, TRUST_PROXY: '1' },
  });
  started.push(server);
});

afterAll(async () => {
  closeAllSockets();
  for (const s of started) await s.stop();
  for (const s of started) await removeDataDir(s.dataDir);
});

describe('security headers', () => {
  it('sends a CSP with no inline script, framing by the listed origins only', async () => {
    const res = await rawGet(`${server.url}/`);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} wss://127.0.0.1:${server.port}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain(`frame-ancestors ${STUDIO} http://localhost:8080`);
    // The session player: the privacy-enhanced embeds only, and MediaSource for hls.js.
    expect(csp).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com');
    expect(csp).toContain("media-src 'self' blob: https:");
    // X-Frame-Options cannot name two origins: frame-ancestors alone decides.
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('names no websocket origin from a Host header that is not a plain host', async () => {
    const res = await rawGet(`${server.url}/`, { host: "evil.example;script-src 'unsafe-inline'" });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("connect-src 'self' https:;");
    expect(csp).not.toContain('evil');
  });

  it('sends no Referer (codes travel in URLs) and forbids MIME sniffing, on pages and API answers alike', async () => {
    for (const path of ['/', '/api/editions/nope', script]) {
      const res = await rawGet(`${server.url}${path}`);
      expect(res.headers['referrer-policy'], path).toBe('no-referrer');
      expect(res.headers['x-content-type-options'], path).toBe('nosniff');
    }
  });

  it('lets no site frame the pages when FRAME_ANCESTORS is empty', async () => {
    const plain = await startServer({ env: { SOURCE_MAPS: 'true' } });
    started.push(plain);
    const res = await rawGet(`${plain.url}/`);
    expect(String(res.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    // With SOURCE_MAPS=true the maps are served, as the switch says.
    expect((await rawGet(`${plain.url}${script}.map`)).status).toBe(200);
  });

  it('sends HSTS and secure cookies only when a trusted proxy says the request came over HTTPS', async () => {
    const plain = await rawGet(`${server.url}/`);
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await rawGet(`${server.url}/`, { 'x-forwarded-proto': 'https' });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');

    const slug = server.demo.slug;
    const body = (n: number) => ({ code: codeOf(server.demo, 'participant', n).code });
    const overHttp = await postJoin(server.url, slug, body(0));
    expect(overHttp.headers.getSetCookie()[0]).not.toMatch(/;\s*Secure/i);
    const overHttps = await request(server.url, `/api/editions/${slug}/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify(body(1)),
    });
    expect(overHttps.status).toBe(200);
    expect(overHttps.headers.getSetCookie()[0]).toMatch(/;\s*Secure/i);
  });
});

describe('client assets', () => {
  it('sends the Brotli copy to a browser that accepts it, cached for a year as immutable', async () => {
    const original = readFileSync(join(dist, script));
    const res = await rawGet(`${server.url}${script}`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.body.length).toBeLessThan(original.length / 3);
    expect(brotliDecompressSync(res.body).equals(original)).toBe(true);
  });

  it('sends gzip to a client without Brotli, and the file itself to one that accepts neither', async () => {
    const original = readFileSync(join(dist, script));
    const gzipped = await rawGet(`${server.url}${script}`, { 'accept-encoding': 'gzip' });
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzipped.body).equals(original)).toBe(true);
    const identity = await rawGet(`${server.url}${script}`, { 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.body.equals(original)).toBe(true);
  });

  it('has index.html revalidated on every visit, on / and on a page of the app', async () => {
    for (const path of ['/', `/e/${server.demo.slug}`]) {
      const res = await rawGet(`${server.url}${path}`, { 'accept-encoding': 'br' });
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control'], path).toBe('no-cache');
      expect(res.headers['content-type'], path).toMatch(/text\/html/);
    }
  });

  it('does not publish the source maps by default', async () => {
    const res = await rawGet(`${server.url}${script}.map`);
    expect(res.status).toBe(404);
    expect(readFileSync(join(dist, script)).toString()).not.toContain('sourceMappingURL');
  });
});

describe('the Socket.IO handshake', () => {
  it('refuses a browser page of another origin', async () => {
    // Engine.IO answers every refused upgrade 400, a refused polling handshake 403 with the reason.
    expect(await websocketFrom(server, 'https://evil.example.com')).toBe(400);
    const polling = await rawGet(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      origin: 'https://evil.example.com',
    });
    expect(polling.status).toBe(403);
    expect(JSON.parse(polling.body.toString())).toEqual({ code: 4, message: 'ORIGIN_FORBIDDEN' });
  });

  it('accepts our own origin, a configured one, and a client that sends no Origin (not a browser page)', async () => {
    expect(await websocketFrom(server, `http://127.0.0.1:${server.port}`)).toBe('open');
    expect(await websocketFrom(server, PARTNER)).toBe('open');
    const noOrigin = await rawGet(`${server.url}/socket.io/?EIO=4&transport=polling`);
    expect(noOrigin.status).toBe(200);
  });
});
