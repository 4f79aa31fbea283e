import { AppErrorBody, organizerRoutes, type Ack } from '@agora/shared';
import type { z } from 'zod';

type Routes = typeof organizerRoutes;
export type RouteName = keyof Routes;

type Field<R, K extends string> = R extends Record<K, infer S extends z.ZodType> ? z.input<S> : undefined;

/** What a call of a route sends: its path parameters, query and body, all typed from the shared contract. */
export type CallInput<N extends RouteName> = {
  params?: Field<Routes[N], 'params'>;
  query?: Field<Routes[N], 'query'>;
  body?: Field<Routes[N], 'body'>;
};

export type Output<N extends RouteName> = z.output<Routes[N]['response']>;

/** `/api/organizer/editions/:slug` + `{ slug: 'x' }` → `/api/organizer/editions/x`. */
export function fillPath(path: string, params: Record<string, string> | undefined): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
}

/** The address of a route (also used for plain download links: the cookie goes with them). */
export function routeUrl<N extends RouteName>(name: N, input: Omit<CallInput<N>, 'body'> = {}): string {
  const route = organizerRoutes[name];
  const path = fillPath(route.path, input.params as Record<string, string> | undefined);
  const query = input.query ? new URLSearchParams(input.query as Record<string, string>).toString() : '';
  return query ? `${path}?${query}` : path;
}

const unauthorizedListeners = new Set<() => void>();

/** Called whenever the organizer's token is refused (expired, password changed): the console asks to log in again. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

async function send(url: string, init: RequestInit): Promise<Ack<Response>> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...init });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: 'network error' } };
  }
  if (res.ok) return { ok: true, data: res };
  if (res.status === 401 && url !== organizerRoutes.organizerLogin.path) {
    for (const listener of unauthorizedListeners) listener();
  }
  const body: unknown = await res.json().catch(() => null);
  const parsed = AppErrorBody.safeParse(body);
  return {
    ok: false,
    error: parsed.success
      ? parsed.data
      : { code: res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', message: `HTTP ${res.status}` },
  };
}

/** The response schema of a route, typed by its name (TypeScript cannot index the table's union generically). */
const responseOf = <N extends RouteName>(name: N) =>
  organizerRoutes[name].response as unknown as z.ZodType<Output<N>>;

/** Calls an organizer route and parses the answer with the route's shared response schema. */
export async function call<N extends RouteName>(name: N, input: CallInput<N> = {}): Promise<Ack<Output<N>>> {
  const route = organizerRoutes[name];
  const headers: Record<string, string> = { Accept: 'application/json' };
  const init: RequestInit = { method: route.method, headers };
  if (input.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(input.body);
  } else if (route.method === 'POST') {
    // Fastify refuses an empty JSON body; routes without one accept `{}`.
    headers['Content-Type'] = 'application/json';
    init.body = '{}';
  }
  const res = await send(routeUrl(name, input), init);
  if (!res.ok) return res;
  const body: unknown = await res.data.json().catch(() => null);
  const parsed = responseOf(name).safeParse(body);
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } };
  return { ok: true, data: parsed.data };
}

/** Sends a file's text as `text/csv` to an import route. */
export async function importCsv<N extends 'importProgramme' | 'importRegistrants'>(
  name: N,
  params: Field<Routes[N], 'params'>,
  text: string,
): Promise<Ack<Output<N>>> {
  const res = await send(routeUrl(name, { params } as CallInput<N>), {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'text/csv; charset=utf-8' },
    body: text,
  });
  if (!res.ok) return res;
  const parsed = responseOf(name).safeParse(await res.data.json().catch(() => null));
  if (!parsed.success) return { ok: false, error: { code: 'INTERNAL', message: 'unexpected answer' } };
  return { ok: true, data: parsed.data };
}

/** Issues codes and answers the mail-merge CSV exactly as the server wrote it (BOM, `;`). */
export async function issueCodesCsv(slug: string, registrantIds?: string[]): Promise<Ack<string>> {
  const res = await send(routeUrl('issueCodes', { params: { slug }, query: { format: 'csv' } }), {
    method: 'POST',
    headers: { Accept: 'text/csv', 'Content-Type': 'application/json' },
    body: JSON.stringify(registrantIds ? { registrantIds } : {}),
  });
  if (!res.ok) return res;
  // Read as bytes so the BOM survives (text() would drop it).
  const bytes = new Uint8Array(await res.data.arrayBuffer());
  return { ok: true, data: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
}
