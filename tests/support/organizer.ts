import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { OrganizerLoginResponse } from '@agora/shared';
import { request, type HttpResult } from './http-client.ts';
import { nodeArgs, startServer, type RunningServer } from './server-process.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

export const ORGANIZER = {
  email: 'Orga@Example.org',
  name: 'Camille Orga',
  password: 'un mot de passe très long',
};

/** Runs the documented CLI against a server's data folder (or, with REDIS_URL in `env`, its Redis). */
export async function createOrganizerCli(
  dataDir: string,
  account: { email: string; name: string; password: string } = ORGANIZER,
  env: Record<string, string> = {},
): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [
      ...nodeArgs('scripts/create-organizer.ts', 'create-organizer.js'),
      '--email',
      account.email,
      '--name',
      account.name,
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...env, DATA_DIR: dataDir, ORGANIZER_PASSWORD: account.password },
    },
  );
  return stdout;
}

/** Logs in and returns the organizer token (fails the test otherwise). */
export async function loginOrganizer(
  baseUrl: string,
  email = ORGANIZER.email,
  password = ORGANIZER.password,
) {
  const res = await request(baseUrl, '/api/organizer/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { ...OrganizerLoginResponse.parse(res.body), setCookie: res.headers.getSetCookie() };
}

/** An HTTP client of the organizer API with a bearer token. */
export function organizerApi(baseUrl: string, token: string) {
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    request(baseUrl, path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': contentType }),
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  /** A call that must succeed; its body parsed with the route's shared schema. */
  const ok = async <T extends z.ZodType>(
    schema: T,
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ) => {
    const res = await call(method, path, body, contentType);
    if (res.status !== 200)
      throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return schema.parse(res.body) as z.output<T>;
  };
  const csv = (path: string, text: string) => call('POST', path, text, 'text/csv');
  /** The raw text of a GET (CSV exports). */
  const text = async (
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; text: string; type: string }> => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    // Kept with its BOM: the export must start with one.
    return { status: res.status, text: bytes.toString('utf8'), type: res.headers.get('content-type') ?? '' };
  };
  return { call, ok, csv, text };
}

export type HttpCall = (method: string, path: string, body?: unknown) => Promise<HttpResult>;

/**
 * A demo server whose data folder holds the CLI's organizer account, made through the running
 * server (the CLI's request over the folder's lock socket, as an operator does on a live server;
 * the path through a stopped folder has its own tests), with that account's API client.
 */
export async function startServerWithOrganizer(): Promise<{
  server: RunningServer;
  api: ReturnType<typeof organizerApi>;
}> {
  const server = await startServer();
  await createOrganizerCli(server.dataDir);
  return { server, api: organizerApi(server.url, (await loginOrganizer(server.url)).token) };
}
