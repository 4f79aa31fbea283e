import { z } from 'zod';
import { AppErrorBody, JoinResponse, type Me } from '@agora/shared';

export interface HttpResult {
  status: number;
  headers: Headers;
  /** The parsed JSON body (null when there is none). */
  body: unknown;
}

/** Any HTTP call against a running server; the body is parsed as JSON when it is JSON. */
export async function request(baseUrl: string, path: string, init: RequestInit = {}): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}${path}`, init);
  const text = await res.text();
  let body: unknown = null;
  if (text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, headers: res.headers, body };
}

/** GET a route and parse a successful body with its shared schema. */
export async function getJson<T extends z.ZodType>(
  baseUrl: string,
  path: string,
  schema: T,
  headers: Record<string, string> = {},
): Promise<z.output<T>> {
  const res = await request(baseUrl, path, { headers });
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return schema.parse(res.body);
}

/** An error answer: its status and its body, parsed with the shared error schema. */
export function errorOf(res: HttpResult): { status: number; code: AppErrorBody['code']; message: string } {
  const body = AppErrorBody.parse(res.body);
  return { status: res.status, code: body.code, message: body.message };
}

/** POST /api/editions/:slug/join with any body (a string is sent as is, anything else as JSON). */
export function postJoin(baseUrl: string, slug: string, body: unknown): Promise<HttpResult> {
  return request(baseUrl, `/api/editions/${slug}/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export interface Joined {
  me: Me;
  token: string;
  /** The raw Set-Cookie header the server sent. */
  setCookie: string;
  /** `name=value`, ready to send back in a Cookie header. */
  cookie: string;
}

/** Exchanges a personal code for a token; fails the test if the server refuses it. */
export async function joinWithCode(baseUrl: string, slug: string, code: string): Promise<Joined> {
  const res = await postJoin(baseUrl, slug, { code });
  if (res.status !== 200) throw new Error(`join answered ${res.status}: ${JSON.stringify(res.body)}`);
  const { me, token } = JoinResponse.parse(res.body);
  // The app's cookies; a balancer's stickiness cookie (deploy/haproxy.cfg's SERVERID) aside.
  const setCookie = res.headers.getSetCookie().filter((c) => !c.startsWith('SERVERID='));
  if (setCookie.length !== 1 || !setCookie[0])
    throw new Error(`expected one cookie, got ${setCookie.length}`);
  const cookie = setCookie[0].split(';')[0] ?? '';
  return { me, token, setCookie: setCookie[0], cookie };
}
