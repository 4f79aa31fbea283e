import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AttendanceMode, Role } from '@agora/shared';
import { SERVER_NODE_FLAGS } from '../../server/src/node-flags.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** One demo code as the server prints it (and keeps it in DATA_DIR/demo-codes.json). */
export const DemoCode = z.object({
  role: Role,
  name: z.string(),
  code: z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/),
  attendance: AttendanceMode.optional(),
  room: z.string().optional(),
  sessionId: z.string().optional(),
});
export type DemoCode = z.infer<typeof DemoCode>;

export const Demo = z.object({
  slug: z.string(),
  plenarySessionId: z.string(),
  workshopSessionId: z.string(),
  /** The plenary live at start, and the one that ended with its replay (the watch demo). */
  liveSessionId: z.string().optional(),
  replaySessionId: z.string().optional(),
  codes: z.array(DemoCode),
});
export type Demo = z.infer<typeof Demo>;

/** The machine-readable log line `server/src/main.ts` prints once it listens: no code in it. */
const ReadyLine = z.object({
  event: z.literal('ready'),
  url: z.string(),
  port: z.number().int().positive(),
  demo: z.boolean(),
});

/** The demo's codes, as the server keeps them in its data folder (never in a log line). */
async function readDemo(dataDir: string): Promise<Demo> {
  return Demo.parse(JSON.parse(await readFile(join(dataDir, 'demo-codes.json'), 'utf8')));
}

export interface ServerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningServer {
  /** Base URL on 127.0.0.1 (the printed one says localhost, which may resolve to ::1 first). */
  url: string;
  port: number;
  demo: Demo;
  dataDir: string;
  child: ChildProcess;
  /** What the process wrote to stderr so far (warnings, fatal errors). */
  stderr(): string;
  /** What the process wrote to stdout so far: the banner and the JSON log lines. */
  stdout(): string;
  /** Resolves once the process is gone, however it went. */
  exited: Promise<ServerExit>;
  /** Sends a signal and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<ServerExit>;
  /** Graceful stop (SIGTERM); resolves once the process is gone. */
  stop(): Promise<ServerExit>;
}

export interface StartOptions {
  /** Reuse a data folder (restart); a fresh temporary one otherwise. */
  dataDir?: string;
  env?: Record<string, string>;
}

/**
 * How node runs one of our entry points: the bundle the test run built (TEST_SERVER_DIST, set by
 * tests/support/global-setup.ts) or the TypeScript source through tsx.
 */
export function nodeArgs(source: string, bundle: string): string[] {
  const dist = process.env.TEST_SERVER_DIST;
  return dist ? [...SERVER_NODE_FLAGS, join(dist, bundle)] : ['--import', 'tsx', source];
}

/** A fresh, empty data folder for one server. */
export function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'agora-it-'));
}

export function removeDataDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/**
 * The servers one test file starts (`start`, or `push` for those started otherwise); `stop` stops
 * them all and removes their data folders, each once (restarted servers share theirs).
 */
export function serverFleet(): {
  started: RunningServer[];
  start: (dataDir?: string) => Promise<RunningServer>;
  stop: () => Promise<void>;
} {
  const started: RunningServer[] = [];
  return {
    started,
    async start(dataDir) {
      const server = await startServer(dataDir ? { dataDir } : {});
      started.push(server);
      return server;
    },
    async stop() {
      for (const server of started) await server.stop();
      for (const dir of new Set(started.map((s) => s.dataDir))) await removeDataDir(dir);
    },
  };
}

/**
 * Starts the real server as a child process on a free port and resolves on its `ready` line;
 * rejects with its stderr if it exits first.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const child = spawn(process.execPath, nodeArgs('server/src/main.ts', 'main.js'), {
    cwd: repoRoot,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<ServerExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  let stdout = '';
  const ready = await new Promise<z.infer<typeof ReadyLine>>((resolve, reject) => {
    // stdout is read to the end, not only up to the ready line: a full pipe would block the server.
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      stdout += `${line}\n`;
      if (!line.startsWith('{')) return;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return;
      }
      const parsed = ReadyLine.safeParse(json);
      if (parsed.success) resolve(parsed.data);
      else if ((json as { event?: unknown }).event === 'ready')
        reject(new Error(`unexpected ready line: ${parsed.error.message}`));
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`server exited (code ${code}, signal ${signal}) before ready:\n${stderr}`)),
    );
  });

  const url = `http://127.0.0.1:${ready.port}`;
  return {
    url,
    port: ready.port,
    demo: ready.demo
      ? await readDemo(dataDir)
      : { slug: '', plenarySessionId: '', workshopSessionId: '', codes: [] },
    dataDir,
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    exited,
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Demo codes of a role (and attendance, for participants). */
export function codesOf(demo: Demo, role: Role, attendance?: AttendanceMode): DemoCode[] {
  return demo.codes.filter((c) => c.role === role && (!attendance || c.attendance === attendance));
}

/** The n-th demo code of a role, failing loudly if the demo has fewer. */
export function codeOf(demo: Demo, role: Role, n = 0, attendance?: AttendanceMode): DemoCode {
  const code = codesOf(demo, role, attendance)[n];
  if (!code) throw new Error(`the demo has no ${role} code #${n}`);
  return code;
}

// The HTTP and socket helpers live in their own files; one import serves a test file.
export * from './http-client.ts';
export * from './socket-client.ts';
