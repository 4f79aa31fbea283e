import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor } from '../support/actors.ts';
import {
  closeAllSockets,
  codeOf,
  joinWithCode,
  postJoin,
  removeDataDir,
  request,
  startServer,
  type RunningServer,
} from '../support/server-process.ts';

/**
 * A demo start, joins (right and wrong codes, with the code in the page URL as the QR code puts
 * it), sockets, then a stop, with every line logged (LOG_LEVEL=debug): the output is the human
 * banner and JSON lines, and no JSON line holds a personal code or a token.
 */
describe('the logs of a demo start, joins and a stop', () => {
  let server: RunningServer;
  const tokens: string[] = [];
  let stdout = '';
  let stderr = '';

  beforeAll(async () => {
    server = await startServer({ env: { LOG_LEVEL: 'debug', JOIN_FAILURE_WARNING: '2' } });
    const { slug } = server.demo;
    for (const n of [0, 1])
      tokens.push((await joinWithCode(server.url, slug, codeOf(server.demo, 'participant', n).code)).token);
    for (const wrong of ['AAAA-BBBB-CCCC', 'AAAA-BBBB-CCCD', 'AAAA-BBBB-CCCE'])
      await postJoin(server.url, slug, { code: wrong });
    await request(server.url, `/e/${slug}?code=${codeOf(server.demo, 'participant', 2).code}`);
    tokens.push((await actor(server, 'moderator', 0)).token);
    tokens.push((await actor(server, 'participant', 3)).token);
    closeAllSockets();
    await server.stop();
    stdout = server.stdout();
    stderr = server.stderr();
  });

  afterAll(async () => {
    if (server) await removeDataDir(server.dataDir);
  });

  const jsonLines = () =>
    [...stdout.split('\n'), ...stderr.split('\n')]
      .filter((l) => l.startsWith('{'))
      .map((l) => ({
        text: l,
        entry: JSON.parse(l) as Record<string, unknown>,
      }));

  it('writes JSON lines only, besides the banner, and nothing but JSON on stderr', () => {
    expect(stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'))).toEqual([]);
    const banner = stdout.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
    expect(banner[0]).toMatch(/^Agora Live is running at/);
    // The banner is for the person at the terminal: it shows the demo's codes, and the test sees them.
    expect(banner.join('\n')).toContain(codeOf(server.demo, 'moderator', 0).code);
    expect(jsonLines().length).toBeGreaterThan(10);
  });

  it('puts no personal code and no token in any JSON line', () => {
    const lines = jsonLines().map((l) => l.text);
    for (const { code } of server.demo.codes) {
      expect(lines.filter((l) => l.includes(code))).toEqual([]);
    }
    for (const token of tokens) expect(lines.filter((l) => l.includes(token))).toEqual([]);
    expect(lines.filter((l) => /AAAA-BBBB-CCC/.test(l))).toEqual([]);
  });

  it('names the request or the socket on every line logged for one', () => {
    const entries = jsonLines().map((l) => l.entry);
    const requests = entries.filter((e) => e.msg === 'request completed');
    const sockets = entries.filter((e) => String(e.msg).startsWith('socket '));
    expect(requests.length).toBeGreaterThanOrEqual(6);
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    for (const e of requests) expect(e.reqId).toEqual(expect.stringMatching(/^[\w.:-]+$/));
    for (const e of sockets) expect(e.socketId).toEqual(expect.any(String));
    // Logged by their route's pattern, never their URL: the page opened with ?code= included.
    expect(new Set(requests.map((e) => e.route))).toEqual(
      new Set(['/api/editions/:slug/join', 'unrouted (app page or 404)']),
    );
    expect(entries.some((e) => e.msg === 'many wrong personal codes from one address')).toBe(true);
  });
});
