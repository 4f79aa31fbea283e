import type { IncomingMessage } from 'node:http';

export interface OriginPolicy {
  /** PUBLIC_URL, whose origin is ours whatever Host a proxy passes on. */
  publicUrl: string | undefined;
  /** ALLOWED_ORIGINS: other sites' pages that may connect with the visitor's cookies. */
  allowed: readonly string[];
}

/**
 * Whether a browser page of `origin` may open a Socket.IO connection to the server reached as
 * `host`. A handshake carries the visitor's token cookie, so a page of another site that opened one
 * would act as them (cross-site websocket hijacking): only our own origin (the host the request
 * names, or PUBLIC_URL) and the configured ones may. No Origin header: not a browser page (a
 * script, a test, a native app), which holds its own token and gains nothing from ours.
 */
export function originAllowed(
  policy: OriginPolicy,
  origin: string | undefined,
  host: string | undefined,
): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (host !== undefined && url.host === host.toLowerCase()) return true;
  if (policy.publicUrl !== undefined && url.origin === new URL(policy.publicUrl).origin) return true;
  return policy.allowed.includes(url.origin);
}

/** Engine.IO's `allowRequest`: every handshake, polling request and upgrade passes through it. */
export function allowRequestFor(
  policy: OriginPolicy,
): (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void {
  return (req, callback) => {
    if (originAllowed(policy, req.headers.origin, req.headers.host)) callback(null, true);
    else callback('ORIGIN_FORBIDDEN', false);
  };
}
