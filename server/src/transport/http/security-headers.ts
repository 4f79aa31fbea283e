import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import type { Config } from '../../config.ts';

/** A year: browsers keep HTTPS-only for that long after they last saw the header. */
const HSTS = 'max-age=31536000';

/**
 * Whether this request reached us over HTTPS: directly, or through a trusted proxy that says so in
 * X-Forwarded-Proto (Fastify reads it only when TRUST_PROXY trusts that proxy). A PUBLIC_URL in
 * https says the same of every request: TLS ends in front of us.
 */
export function servedOverHttps(config: Pick<Config, 'PUBLIC_URL'>, request: FastifyRequest): boolean {
  return request.protocol === 'https' || (config.PUBLIC_URL ?? '').startsWith('https://');
}

/**
 * The live connection's own origin in websocket form. CSP level 3 counts it as 'self', but Safari
 * before 15.4 (still on some phones in a hall) did not: named explicitly, from the Host the page
 * was asked with, when that is a plain host[:port].
 */
function ownConnections(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  const plain = /^[\w.-]{1,253}(:\d{1,5})?$|^\[[\da-f:.]{2,45}\](:\d{1,5})?$/i.test(host);
  return plain ? `'self' ws://${host} wss://${host}` : "'self'";
}

/**
 * Security headers on every HTTP answer (helmet): a CSP that allows our own scripts, styles and
 * connections, and for the session player only what it needs (YouTube's player API, the two
 * privacy-enhanced embeds, outside HTTPS streams; the built client has no inline script:
 * tests/e2e/csp.test.ts), framing by the
 * origins of FRAME_ANCESTORS only (streaming software showing the projector page), no Referer
 * (personal codes travel in URLs: `?code=`), no MIME sniffing; HSTS only when served over HTTPS,
 * since on a plain-HTTP LAN event it would only make browsers refuse the next visit.
 */
export async function registerSecurityHeaders(http: FastifyInstance, config: Config): Promise<void> {
  const frameAncestors = config.FRAME_ANCESTORS.length > 0 ? config.FRAME_ANCESTORS : ["'none'"];
  await http.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        // The YouTube IFrame Player API (its loader and the widget script it adds), for the session player.
        scriptSrc: ["'self'", 'https://www.youtube.com'],
        styleSrc: ["'self'"],
        // The projector's QR code is inline SVG markup, not an image; data: covers the icons a browser makes.
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        // https: for hls.js, which fetches an outside live stream's playlists and segments itself.
        connectSrc: [ownConnections, 'https:'],
        // The session player: the app's own files, hls.js's MediaSource (blob:), outside streams and replays.
        mediaSrc: ["'self'", 'blob:', 'https:'],
        // YouTube and Vimeo embeds, in their privacy-enhanced modes only.
        frameSrc: ['https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors,
        // Not upgrade-insecure-requests: the small event runs on http://<laptop's LAN address>.
      },
    },
    // frame-ancestors decides; X-Frame-Options cannot name several origins.
    frameguard: config.FRAME_ANCESTORS.length > 0 ? false : { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: false,
    // The stream links open in a new tab; nothing of ours is loaded cross-origin.
    crossOriginEmbedderPolicy: false,
  });
  http.addHook('onSend', async (request, reply) => {
    if (servedOverHttps(config, request)) void reply.header('Strict-Transport-Security', HSTS);
  });
}

/**
 * What every answer of the API routes (the shared route tables: JSON, CSV, files) carries, written
 * once: no MIME sniffing, no Referer, not readable by other sites' pages. They render no document,
 * so the page headers above (a CSP whose connect-src names the Host, framing rules) are left to the
 * pages: helmet built them for each join and cost a fifth of the CPU a join gained with this file
 * (profile of the 10,000-join rush: its directive parsing and header writes, ~15 µs a request).
 */
const API_HEADERS = Object.freeze({
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
});

function apiHeaders(_request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  void reply.headers(API_HEADERS);
  done();
}

/** Route options of an API route: helmet off, the fixed headers above instead. */
export const apiRouteOptions = { helmet: false, onRequest: apiHeaders } as const;
