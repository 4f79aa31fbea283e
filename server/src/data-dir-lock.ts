import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, linkSync, openSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/** The socket whose listener is the lock; its name is what every process looks for. */
const LOCK_NAME = 'agora.lock.sock';

/** Room for the path in `sockaddr_un` (108 bytes with the terminating zero on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

/** How long a probe waits for the holder's greeting: a live holder answers in microseconds. */
const PROBE_TIMEOUT_MS = 2_000;

/** How long a new holder waits before checking that nobody replaced its lock (see `acquire`). */
const SETTLE_MS = 50;

/** How often a holder checks that the lock's name is still its socket. */
const WATCH_MS = 2_000;

/** A request the holder answers over the lock's socket takes at most this long (an account: one scrypt hash). */
const REQUEST_TIMEOUT_MS = 15_000;

/** Who holds a data folder: what a refused process prints. */
export const LockHolder = z.object({
  pid: z.number().int(),
  /** `server` or the name of a script. */
  kind: z.string().max(64),
  /** When it took the lock (ms since the epoch). */
  since: z.number(),
  /** Whether it answers requests over the lock's socket (a server does). */
  serves: z.boolean(),
});
export type LockHolder = z.infer<typeof LockHolder>;

/** One request line's answer. */
const Reply = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type LockReply = z.infer<typeof Reply>;

/** What the holder does with a request line (parsed JSON, not validated: the handler validates). */
export type LockRequestHandler = (request: unknown) => Promise<LockReply>;

/** The data folder is held by a live process. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `the data folder ${dir} is in use by another process: ${holder.kind} (pid ${holder.pid}, since ` +
        `${new Date(holder.since).toISOString()}). One process per data folder: stop it first.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * A path for a socket in `dir` short enough for `sockaddr_un`: a long DATA_DIR is reached through
 * an open descriptor of the folder (`/proc/self/fd/N/…`, Linux), which names the same file.
 */
function socketPath(dir: string, name: string): { path: string; release: () => void } {
  const direct = join(dir, name);
  if (Buffer.byteLength(direct) <= MAX_SOCKET_PATH || process.platform !== 'linux') {
    return { path: direct, release: () => undefined };
  }
  const fd = openSync(dir, 'r');
  let open = true;
  const release = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return { path: `/proc/self/fd/${fd}/${name}`, release };
}

/**
 * Connects to the socket at `path` and reads the holder's greeting. Null when nobody listens there
 * (the kernel refuses the connection: the holder is gone, whatever its pid and however it died).
 */
function probe(path: string): Promise<{ holder: LockHolder; socket: Socket } | null> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path });
    let buffer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the process holding ${path} does not answer`));
    }, PROBE_TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') resolve(null);
      else reject(error);
    });
    const onData = (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      clearTimeout(timer);
      socket.off('data', onData);
      const holder = LockHolder.safeParse(safeJson(buffer.slice(0, end)));
      if (!holder.success) {
        socket.destroy();
        reject(new Error(`${path} is not an Agora Live lock`));
        return;
      }
      resolve({ holder: holder.data, socket });
    };
    socket.on('data', onData);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The inode under a name, null if there is none. */
function inoOf(path: string): number | null {
  try {
    return statSync(path).ino;
  } catch {
    return null;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

/**
 * An exclusive lock on a data folder, held by listening on a Unix socket in it.
 *
 * Why a socket: the kernel closes a listener the moment its process dies, however it dies (`kill
 * -9`, the OOM killer, a crash; after a reboot nobody listens at all), so a lock left behind is recognised by a refused
 * connection, never by a pid: in a container the restarted server is pid 1 again, as the dead one
 * was, and a pid file would either stop the restart or let two processes in. Node has no flock;
 * `proper-lockfile` decides staleness by a file's age (a held lock whose refresh timer is delayed
 * by a long pause looks stale to the next process; a dead one blocks restarts for `stale` ms); the
 * flock bindings are native modules the image would have to compile. The socket also tells who
 * holds the folder (its greeting) and carries requests to a running server (an organizer account
 * made while it runs); it is created with mode 0600 and a Unix socket needs write permission to
 * connect, so only the server's user (or root) can talk to it.
 *
 * Taking it: the socket is bound under a private name, then hard-linked to the lock's name (`link`
 * fails if the name exists: atomic). A name left by a dead process is replaced by ours with
 * `rename` (atomic, the name is never vacant) if it still holds the dead socket; two processes
 * breaking the same stale lock at once are told apart by a check after a short settle, and a
 * holder watches its name for as long as it holds it.
 */
export class DataDirLock {
  private handler: LockRequestHandler | null = null;
  private readonly sockets = new Set<Socket>();

  private watch: NodeJS.Timeout | undefined;
  /** Our socket's inode: what the lock's name must hold while we hold it. */
  private ino = -1;

  /** Greets from the first connection on: a taker probing us while we settle must learn who we are. */
  private constructor(
    private readonly server: Server,
    private readonly path: string,
    private readonly holder: LockHolder,
    private readonly releasePath: () => void,
  ) {
    server.on('connection', (socket) => this.greet(socket));
  }

  /**
   * The last line of defence: a process that sees its lock under someone else's name stops rather
   * than write beside the other one.
   */
  private watchName(onLost?: (error: Error) => void): void {
    this.watch = setInterval(() => {
      if (inoOf(this.path) === this.ino) return;
      clearInterval(this.watch);
      onLost?.(new Error(`the lock on ${this.path} was taken by another process`));
    }, WATCH_MS);
    this.watch.unref();
  }

  /**
   * Takes the lock on `dir` (which must exist) for a process of this kind; throws `DataDirLockedError`
   * if a live process holds it. `onLost` is called if the lock's name is ever taken from under us.
   */
  static async acquire(dir: string, kind: string, onLost?: (error: Error) => void): Promise<DataDirLock> {
    const lock = socketPath(dir, LOCK_NAME);
    const mine = socketPath(dir, `.agora-lock-${process.pid}-${randomBytes(4).toString('hex')}.sock`);
    const server = createServer();
    // The listener is the lock, not work: it must not keep a finished process alive.
    server.unref();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(mine.path, () => resolve());
    });
    const cleanUp = () => {
      server.close();
      unlinkQuietly(mine.path);
      mine.release();
      lock.release();
    };
    try {
      chmodSync(mine.path, 0o600);
      const myIno = statSync(mine.path).ino;
      const holder: LockHolder = { pid: process.pid, kind, since: Date.now(), serves: false };
      const taken = new DataDirLock(server, lock.path, holder, lock.release);
      let won = false;
      for (let attempt = 0; attempt < 5 && !won; attempt += 1) {
        try {
          linkSync(mine.path, lock.path);
          unlinkQuietly(mine.path);
          won = true;
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        const dead = inoOf(lock.path);
        if (dead === null) continue;
        const live = await probe(lock.path);
        if (live) {
          live.socket.destroy();
          throw new DataDirLockedError(dir, live.holder);
        }
        // Nobody listens on it. Replace it by ours in one step (rename), so the name is never
        // vacant, and only if it still is the dead one: compared and renamed synchronously, so
        // only a process scheduled in those microseconds could slip in, which the check below catches.
        if (inoOf(lock.path) !== dead) continue;
        renameSync(mine.path, lock.path);
        won = true;
      }
      if (!won) throw new Error(`could not take the lock on ${dir}: it keeps changing hands`);
      // A taker that found the same dead socket and was descheduled between its compare and its
      // rename would replace ours now; look again once it has had the time to.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      if (inoOf(lock.path) !== myIno) {
        const other = await probe(lock.path).catch(() => null);
        other?.socket.destroy();
        if (other) throw new DataDirLockedError(dir, other.holder);
        throw new Error(`could not take the lock on ${dir}: it keeps changing hands`);
      }
      mine.release();
      taken.ino = myIno;
      taken.watchName(onLost);
      return taken;
    } catch (error) {
      cleanUp();
      throw error;
    }
  }

  /**
   * Sends one request to the process holding `dir` and returns its answer; null when nobody holds it.
   * Throws when the holder does not serve requests (a script).
   */
  static async request(
    dir: string,
    request: unknown,
  ): Promise<{ holder: LockHolder; reply: LockReply } | null> {
    const lock = socketPath(dir, LOCK_NAME);
    try {
      const live = await probe(lock.path);
      if (!live) return null;
      const { holder, socket } = live;
      if (!holder.serves) {
        socket.destroy();
        throw new DataDirLockedError(dir, holder);
      }
      const reply = await new Promise<LockReply>((resolve, reject) => {
        let buffer = '';
        const timer = setTimeout(() => {
          socket.destroy();
          reject(new Error(`${holder.kind} (pid ${holder.pid}) did not answer the request`));
        }, REQUEST_TIMEOUT_MS);
        socket.on('data', (chunk: string) => {
          buffer += chunk;
          const end = buffer.indexOf('\n');
          if (end < 0) return;
          clearTimeout(timer);
          socket.destroy();
          const parsed = Reply.safeParse(safeJson(buffer.slice(0, end)));
          if (parsed.success) resolve(parsed.data);
          else reject(new Error(`${holder.kind} (pid ${holder.pid}) sent a malformed answer`));
        });
        socket.on('close', () => {
          clearTimeout(timer);
          reject(new Error(`${holder.kind} (pid ${holder.pid}) closed the connection`));
        });
        socket.write(`${JSON.stringify(request)}\n`);
      });
      return { holder, reply };
    } finally {
      lock.release();
    }
  }

  /** From now on, request lines are answered by `handler` (one request per connection). */
  serve(handler: LockRequestHandler): void {
    this.handler = handler;
    this.holder.serves = true;
  }

  private greet(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    socket.write(`${JSON.stringify(this.holder)}\n`);
    let buffer = '';
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      // A request is one short line; anything longer is not one of ours.
      if (buffer.length > 64 * 1024) {
        socket.destroy();
        return;
      }
      const end = buffer.indexOf('\n');
      if (end < 0) return;
      socket.removeAllListeners('data');
      const handler = this.handler;
      const answer: Promise<LockReply> = handler
        ? handler(safeJson(buffer.slice(0, end))).catch(() => ({
            ok: false as const,
            error: { code: 'INTERNAL', message: 'internal error' },
          }))
        : Promise.resolve({ ok: false, error: { code: 'UNAVAILABLE', message: 'not serving requests' } });
      void answer.then((reply) => socket.end(`${JSON.stringify(reply)}\n`));
    });
  }

  /** Lets the folder go: the name first (nobody new finds us), then the listener. */
  release(): void {
    clearInterval(this.watch);
    // Never someone else's: after a lost lock (see `watchName`) the name is the other holder's.
    if (inoOf(this.path) === this.ino) unlinkQuietly(this.path);
    this.server.close();
    for (const socket of this.sockets) socket.destroy();
    this.releasePath();
  }
}
