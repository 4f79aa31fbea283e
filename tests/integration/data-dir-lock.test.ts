import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { MyQuestion } from '@agora/shared';
import { actor, clientId } from '../support/actors.ts';
import { createOrganizerCli, loginOrganizer, ORGANIZER } from '../support/organizer.ts';
import {
  closeAllSockets,
  ok,
  serverFleet,
  removeDataDir,
  startServer,
  tempDataDir,
} from '../support/server-process.ts';

const fleet = serverFleet();
const start = fleet.start;

afterAll(async () => {
  closeAllSockets();
  await fleet.stop();
});

describe('one process per data folder', () => {
  it('stops a second server on a data folder in use at once, naming the process that holds it', async () => {
    const first = await start();
    const refusedAt = performance.now();
    const second = await startServer({ dataDir: first.dataDir }).catch((error: unknown) => error);
    expect(second).toBeInstanceOf(Error);
    expect((second as Error).message).toContain(`in use by another process: server (pid ${first.child.pid}`);
    // At once: the time to start a process (slow on a loaded machine), not a wait for the holder.
    expect(performance.now() - refusedAt).toBeLessThan(20_000);
    // The first one is untouched.
    expect((await fetch(`${first.url}/api/editions/${first.demo.slug}`)).status).toBe(200);
  });

  it('creates an organizer account through the running server, which logs it in at once, and loses no acknowledged question to a kill -9 afterwards', async () => {
    const first = await start();
    const session = first.demo.plenarySessionId;
    const asker = await actor(first, 'participant', 0);
    const before: MyQuestion = await ok(asker.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Acquittée avant la création du compte ?',
      anonymous: false,
    });

    const out = await createOrganizerCli(first.dataDir);
    expect(out).toContain('created by the running server');
    // At once, on the running server: no restart between the script and the login.
    expect((await loginOrganizer(first.url)).organizer.email).toBe(ORGANIZER.email.toLowerCase());

    const after: MyQuestion = await ok(asker.socket, 'question:ask', {
      sessionId: session,
      clientId: clientId(),
      text: 'Acquittée après la création du compte ?',
      anonymous: false,
    });
    // kill -9: the lock is left behind, as in a container where the restarted server may get the same pid.
    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');

    const second = await start(first.dataDir);
    const mod = await actor(second, 'moderator', 0);
    const snapshot = await ok(mod.socket, 'moderation:join', { sessionId: session });
    const ids = snapshot.qa.questions.map((q) => q.id);
    expect(ids).toContain(before.id);
    expect(ids).toContain(after.id);
    expect((await loginOrganizer(second.url)).organizer.email).toBe(ORGANIZER.email.toLowerCase());
  });

  it('stops the create-organizer script at once when another process that takes no requests holds the folder, naming it', async () => {
    const dir = await tempDataDir();
    const lockModule = fileURLToPath(new URL('../../server/src/data-dir-lock.ts', import.meta.url));
    const code = `const { DataDirLock } = await import(${JSON.stringify(lockModule)});
await DataDirLock.acquire(${JSON.stringify(dir)}, 'create-organizer');
console.log('held');
setInterval(() => undefined, 1000);`;
    const holder = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve) => {
        createInterface({ input: holder.stdout }).on('line', (line) => line === 'held' && resolve());
      });
      const refused = await createOrganizerCli(dir).catch((error: unknown) => error);
      expect((refused as { stderr?: string }).stderr).toContain(
        `in use by another process: create-organizer (pid ${holder.pid}`,
      );
    } finally {
      holder.kill('SIGKILL');
      await removeDataDir(dir);
    }
  });
});
