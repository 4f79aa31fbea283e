import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLock, DataDirLockedError } from './data-dir-lock.ts';

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];

function freshDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agora-lock-'));
  dirs.push(dir);
  return dir;
}

/** Another process that takes the lock and keeps it; resolves once it holds it. */
async function holderProcess(dir: string): Promise<ChildProcess> {
  const code = `const { DataDirLock } = await import(${JSON.stringify(lockModule)});
await DataDirLock.acquire(${JSON.stringify(dir)}, 'other-test');
console.log('held');
setInterval(() => undefined, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'held') resolve();
    });
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return child;
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('data folder lock', () => {
  it('refuses a second holder while the first has the folder, naming its pid and kind', async () => {
    const dir = freshDir();
    const first = await DataDirLock.acquire(dir, 'server');
    const refused = await DataDirLock.acquire(dir, 'create-organizer').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    expect((refused as DataDirLockedError).holder).toMatchObject({ pid: process.pid, kind: 'server' });
    expect((refused as Error).message).toContain(`server (pid ${process.pid}`);
    first.release();
    const second = await DataDirLock.acquire(dir, 'server');
    second.release();
    expect(existsSync(join(dir, 'agora.lock.sock'))).toBe(false);
  });

  it('refuses a process while another process holds the folder, and takes it at once after that one is killed with kill -9', async () => {
    const dir = freshDir();
    const other = await holderProcess(dir);
    const refused = await DataDirLock.acquire(dir, 'server').catch((error: unknown) => error);
    expect((refused as DataDirLockedError).holder).toMatchObject({ pid: other.pid, kind: 'other-test' });

    await killed(other);
    // The dead holder's socket file is still there; nobody listens on it any more.
    expect(existsSync(join(dir, 'agora.lock.sock'))).toBe(true);
    const lock = await DataDirLock.acquire(dir, 'server');
    lock.release();
  });

  it('lets exactly one of several takers win a lock left by a dead process', async () => {
    const dir = freshDir();
    await killed(await holderProcess(dir));
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) => DataDirLock.acquire(dir, `taker-${i}`)),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirLockedError);
    }
    (won[0] as PromiseFulfilledResult<DataDirLock>).value.release();
  });

  it("tells a holder whose lock was replaced under it, and leaves the new holder's name alone on release", async () => {
    const dir = freshDir();
    let lost: (error: Error) => void = () => undefined;
    const told = new Promise<Error>((resolve) => (lost = resolve));
    const first = await DataDirLock.acquire(dir, 'server', (error) => lost(error));
    // What a taker descheduled between its compare and its rename would do: replace the name.
    const other = await holderProcess(freshDir());
    const otherDir = dirs.at(-1)!;
    renameSync(join(otherDir, 'agora.lock.sock'), join(dir, 'agora.lock.sock'));
    expect((await told).message).toContain('taken by another process');
    first.release();
    expect(readdirSync(dir)).toContain('agora.lock.sock');
    const refused = await DataDirLock.acquire(dir, 'server').catch((error: unknown) => error);
    expect((refused as DataDirLockedError).holder.pid).toBe(other.pid);
  });

  it('carries a request to a holder that serves requests, and says when nobody holds the folder', async () => {
    const dir = freshDir();
    expect(await DataDirLock.request(dir, { op: 'ping' })).toBeNull();
    const lock = await DataDirLock.acquire(dir, 'server');
    const quiet = await DataDirLock.request(dir, { op: 'ping' }).catch((error: unknown) => error);
    expect(quiet).toBeInstanceOf(DataDirLockedError);
    lock.serve(async (request) => ({ ok: true, data: { echo: request } }));
    expect(await DataDirLock.request(dir, { op: 'ping' })).toEqual({
      holder: expect.objectContaining({ pid: process.pid, kind: 'server', serves: true }),
      reply: { ok: true, data: { echo: { op: 'ping' } } },
    });
    lock.release();
  });

  it('works in a data folder whose path is too long for a socket address', async () => {
    const dir = join(freshDir(), 'a-rather-long-folder-name-'.repeat(4));
    mkdirSync(dir);
    const lock = await DataDirLock.acquire(dir, 'server');
    const refused = await DataDirLock.acquire(dir, 'server').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataDirLockedError);
    lock.release();
  });
});
