import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const shots = join(root, 'test-results/e2e');

type DemoCode = {
  role: 'participant' | 'moderator' | 'projector';
  code: string;
  attendance?: string;
  sessionId?: string;
};
type Ready = {
  event: 'ready';
  url: string;
  demo: { slug: string; plenarySessionId: string; codes: DemoCode[] };
};

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Starts the real server and resolves with its machine-readable ready line. */
function startServer(port: number, dataDir: string): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DEMO: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res, rej) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.startsWith('{')) return;
      try {
        const parsed = JSON.parse(line) as Partial<Ready>;
        if (parsed.event === 'ready') res({ child, ready: parsed as Ready });
      } catch {
        // Not the ready line.
      }
    });
    child.once('exit', (code) => rej(new Error(`server exited with ${code}:\n${stderr}`)));
  });
}

describe('moderated Q&A across participant, moderator and projector', () => {
  let server: ChildProcess | undefined;
  let ready: Ready;
  let browser: Browser;
  let dataDir: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    if (!existsSync(join(root, 'client/dist/index.html'))) {
      const build = spawnSync('npm', ['run', 'build', '-w', 'client'], { cwd: root, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('client build failed');
    }
    mkdirSync(shots, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'agora-e2e-'));
    const started = await startServer(await freePort(), dataDir);
    server = started.child;
    ready = started.ready;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('a participant asks, the moderator approves and puts it on screen, the projector shows it', async () => {
    const { url, demo } = ready;
    const session = demo.plenarySessionId;
    const codeOf = (pred: (c: DemoCode) => boolean) => {
      const found = demo.codes.find(pred);
      if (!found) throw new Error('demo code missing');
      return found.code;
    };
    const text = `Comment les personnes à distance seront-elles entendues ? (e2e ${Date.now()})`;

    // Participant, phone-sized: joins by typing the code in lower case without dashes.
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
    contexts.push(phone);
    const participant = await phone.newPage();
    await participant.goto(`${url}/e/${demo.slug}`);
    await participant.getByTestId('join-code').fill(
      codeOf((c) => c.role === 'participant' && c.attendance === 'onsite')
        .replace(/-/g, '')
        .toLowerCase(),
    );
    await participant.getByTestId('join-submit').click();
    await participant.locator(`[data-session-id="${session}"] [data-testid="enter-session"]`).click();
    await participant.getByTestId('ask-text').fill(text);
    await participant.getByTestId('ask-submit').click();
    const mine = participant.getByTestId('my-question').filter({ hasText: text });
    await expect.poll(() => mine.getAttribute('data-status')).toBe('pending');

    // Moderator, desktop: joins through a deep link with ?code=, which is removed from the address.
    const laptop = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(laptop);
    const moderator = await laptop.newPage();
    await moderator.goto(
      `${url}/e/${demo.slug}/moderate/${session}?code=${codeOf((c) => c.role === 'moderator')}`,
    );
    await moderator.getByTestId('filter-all').click();
    const row = moderator.getByTestId('mod-question').filter({ hasText: text });
    await row.getByTestId('action-approve').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('approved');
    expect(moderator.url()).not.toContain('code=');
    await row.getByTestId('action-show').click();
    await moderator.getByTestId('mod-on-screen-text').filter({ hasText: text }).waitFor();

    // Projector, 16:9.
    const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    contexts.push(screen);
    const projector = await screen.newPage();
    await projector.goto(
      `${url}/e/${demo.slug}/projector/${session}?code=${codeOf((c) => c.role === 'projector' && c.sessionId === session)}`,
    );
    await projector.getByTestId('projector-question-text').filter({ hasText: text }).waitFor();

    // The participant sees it approved, in the public list and on screen.
    await expect.poll(() => mine.getAttribute('data-status')).toBe('approved');
    await participant.getByTestId('audience-question').filter({ hasText: text }).waitFor();
    await participant.getByTestId('audience-on-screen').filter({ hasText: text }).waitFor();

    await participant.screenshot({ path: join(shots, 'participant-360.png'), fullPage: true });
    await moderator.screenshot({ path: join(shots, 'moderator-1440.png') });
    await projector.screenshot({ path: join(shots, 'projector-1920.png') });

    // Clearing the screen brings the join instructions and QR code back.
    await moderator.getByTestId('clear-screen').click();
    await projector.getByTestId('projector-qr').locator('svg').waitFor();
    await projector.screenshot({ path: join(shots, 'projector-join-1920.png') });
  });
});
