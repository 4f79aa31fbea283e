import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';
import { actor, clientId, type Actor } from '../support/actors.ts';
import {
  closeAllSockets,
  connect,
  rawCommand,
  removeDataDir,
  startServer,
  tempDataDir,
  type RunningServer,
} from '../support/server-process.ts';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** `npm run backup|restore -- …` as an operator types it (the scripts themselves, same arguments). */
async function cli(script: 'backup' | 'restore', dataDir: string, args: string[]) {
  return run(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: repoRoot },
  }).then(
    ({ stdout }) => ({ ok: true, out: stdout }),
    (error: { stderr: string }) => ({ ok: false, out: error.stderr }),
  );
}

const started: RunningServer[] = [];
const dirs: string[] = [];

afterAll(async () => {
  closeAllSockets();
  for (const s of started) await s.stop();
  for (const dir of new Set([...dirs, ...started.map((s) => s.dataDir)])) await removeDataDir(dir);
});

describe('online backup and restore of the embedded store', () => {
  it('backs up under load, restores into a fresh folder, and every question acknowledged before the backup is there', async () => {
    const server = await startServer();
    started.push(server);
    const sessionId = server.demo.plenarySessionId;
    const askers: Actor[] = [];
    for (let n = 0; n < 8; n += 1) askers.push(await actor(server, 'participant', n));

    // Load: every asker sends questions one after the other until told to stop.
    const acked: { id: string; at: number }[] = [];
    let stop = false;
    const load = askers.map(async (who, k) => {
      for (let i = 0; !stop; i += 1) {
        const ack = await rawCommand(who.socket, 'question:ask', {
          sessionId,
          clientId: clientId(`b${k}`),
          text: `Question ${i} de ${k} pendant la sauvegarde`,
          anonymous: false,
        });
        if (ack.ok) acked.push({ id: ack.data.id, at: performance.now() });
        else if (ack.error.code === 'RATE_LIMITED') await new Promise((r) => setTimeout(r, 100));
        else throw new Error(`ask refused: ${ack.error.code}`);
      }
    });
    while (acked.length < 50) await new Promise((r) => setTimeout(r, 20));

    const backupDir = join(await tempDataDir(), 'backup-1');
    dirs.push(backupDir);
    const before = performance.now();
    const ackedBefore = acked.filter((a) => a.at < before).map((a) => a.id);
    const backup = await cli('backup', server.dataDir, [backupDir]);
    expect(backup.out).toContain('by the running server');
    expect(backup.ok).toBe(true);
    // Writes went on during the backup.
    const countAtBackupEnd = acked.length;
    while (acked.length < countAtBackupEnd + 20) await new Promise((r) => setTimeout(r, 20));
    stop = true;
    await Promise.all(load);
    expect(readdirSync(backupDir).sort()).toEqual(['backup.json', 'secret', 'snapshot.json']);
    expect(statSync(join(backupDir, 'secret')).mode & 0o077).toBe(0);

    // A second backup into the same folder is refused: one folder per backup.
    const again = await cli('backup', server.dataDir, [backupDir]);
    expect(again.ok).toBe(false);
    expect(again.out).toContain('CONFLICT');
    // A restore into the running server's folder is refused: it holds the folder.
    const busy = await cli('restore', server.dataDir, [backupDir, '--replace']);
    expect(busy.ok).toBe(false);
    expect(busy.out).toMatch(/in use by another process: server/);

    const fresh = await tempDataDir();
    dirs.push(fresh);
    const restored = await cli('restore', fresh, [backupDir]);
    expect(restored.out).toContain('Restored');
    expect(restored.ok).toBe(true);

    const store = await EmbeddedStore.open({ dataDir: fresh, lock: false });
    const ids = new Set((await store.questions.listQuestions(sessionId)).map((q) => q.id));
    await store.close();
    expect(ackedBefore.length).toBeGreaterThanOrEqual(50);
    expect(ackedBefore.filter((id) => !ids.has(id))).toEqual([]);

    // The restored server keeps the secret: a token signed before the backup still connects.
    copyFileSync(join(server.dataDir, 'demo-codes.json'), join(fresh, 'demo-codes.json'));
    const back = await startServer({ dataDir: fresh });
    started.push(back);
    const socket = await connect(back.url, askers[0]!.token);
    expect(socket.connected).toBe(true);
  });

  it('refuses to restore over a folder that holds data unless told to move it aside', async () => {
    const server = await startServer();
    started.push(server);
    const backupDir = join(await tempDataDir(), 'backup-2');
    dirs.push(backupDir);
    expect((await cli('backup', server.dataDir, [backupDir])).ok).toBe(true);
    await server.stop();

    const target = await tempDataDir();
    dirs.push(target);
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, 'snapshot.json'), '{"n":0,"state":null}');
    const refused = await cli('restore', target, [backupDir]);
    expect(refused.ok).toBe(false);
    expect(refused.out).toMatch(/already holds data \(snapshot\.json\).*--replace/);
    const replaced = await cli('restore', target, [backupDir, '--replace']);
    expect(replaced.ok).toBe(true);
    expect(replaced.out).toMatch(/The files it replaced are in .*before-restore-/);
    const notABackup = await cli('restore', await tempDataDir(), [target]);
    expect(notABackup.out).toContain('is not a backup folder');
  });
});
