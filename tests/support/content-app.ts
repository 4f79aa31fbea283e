import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { defaultPolicy, type Edition } from '@agora/shared';
import { buildApp, type App } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import type { FileStore } from '../../server/src/modules/documents/file-store.ts';
import { hashPassword } from '../../server/src/modules/organizer/passwords.ts';
import { EmbeddedStore } from '../../server/src/store/memory/embedded-store.ts';
import { Seeder } from './seed.ts';

export const SECRET = 'content-tests-secret-0123456789-abcdefghij';
export const ORGA = { email: 'orga@example.org', password: 'un mot de passe très long' };

/** 24 June 2026, 10:00 in Paris: the first day of the edition below. */
export const DAY_ONE = Date.UTC(2026, 5, 24, 8);

export const EDITION: Edition = {
  id: 'ed-docs',
  slug: 'assises-docs',
  name: 'Assises documents',
  startDate: '2026-06-24',
  endDate: '2026-06-25',
  venue: 'Nantes',
  timeZone: 'Europe/Paris',
  replayUntil: '2027-03-25',
};

/**
 * The whole application in this process, on a real HTTP port, a real embedded store and a real
 * file store, with a clock the test moves: the access window is tested at the instants it changes.
 */
export interface ContentApp {
  app: App;
  url: string;
  clock: { t: number; now(): number };
  store: EmbeddedStore;
  dataDir: string;
  workshopId: string;
  /** Personal codes of two registrants of the edition and of a registrant of another edition. */
  codes: { alice: string; bob: string; other: string };
  aliceId: string;
  stop(): Promise<void>;
  /** Every file under the files folder (relative paths), the incoming area excluded (it must be empty). */
  storedFiles(): string[];
}

export async function startContentApp(
  env: Record<string, string> = {},
  files?: FileStore,
): Promise<ContentApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'agora-content-'));
  const clock = { t: DAY_ONE, now: () => clock.t };
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO: 'false',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    SECRET,
    MAX_UPLOAD_MB: '1',
    CLIENT_DIST: join(dataDir, 'no-client'),
    ...env,
  });
  const store = await EmbeddedStore.open({ dataDir, lock: false });
  await store.program.putEdition(EDITION);
  const workshopId = 'ws-1';
  await store.program.putSession({
    id: workshopId,
    editionId: EDITION.id,
    title: 'Atelier 3 : accessibilité',
    description: '',
    startsAt: DAY_ONE,
    endsAt: DAY_ONE + 3_600_000,
    room: 'Salle B',
    kind: 'workshop',
    speakers: [{ name: 'Inès Martin' }],
    policy: defaultPolicy('workshop'),
    remoteDelaySeconds: 0,
    streamUrl: null,
    replayUrl: null,
  });
  await store.organizer.putOrganizer({
    id: 'orga',
    email: ORGA.email,
    name: 'Camille Orga',
    passwordHash: await hashPassword(ORGA.password),
    createdAt: 0,
  });
  const app = await buildApp(config, { store, secret: SECRET, clock, ...(files ? { files } : {}) });
  const seeder = new Seeder(store, app.codeKey);
  const [alice, bob] = await seeder.participants(EDITION.id, 2, 'Participant');
  const other = await seeder.otherEdition('autre-edition');
  const aliceId = (await store.organizer.listPrincipals('participant', EDITION.id)).find(
    (p) => p.name === alice?.name,
  )?.id;
  if (!alice || !bob || !aliceId) throw new Error('seeding failed');
  await app.http.listen({ port: 0, host: '127.0.0.1' });
  const address = app.http.server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  const filesDir = join(dataDir, 'files');
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    clock,
    store,
    dataDir,
    workshopId,
    codes: { alice: alice.code, bob: bob.code, other: other.participantCode },
    aliceId,
    async stop() {
      await app.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
    storedFiles() {
      const out: string[] = [];
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name);
          if (statSync(path).isDirectory()) walk(path);
          else out.push(relative(filesDir, path));
        }
      };
      try {
        walk(filesDir);
      } catch {
        return [];
      }
      const incoming = out.filter((f) => f.startsWith('.incoming'));
      if (incoming.length > 0) throw new Error(`half-written files left: ${incoming.join(', ')}`);
      return out.filter((f) => !f.endsWith('.meta')).sort();
    },
  };
}

/** Small real files of each kind, and impostors. */
export const samples = {
  pdf: (text = 'hello') =>
    Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << >>\n%%EOF\n`),
  mp4: () =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0x18]),
      Buffer.from('ftypisom'),
      Buffer.from([0, 0, 2, 0]),
      Buffer.from('isomiso2'),
      Buffer.alloc(64, 0),
    ]),
  png: () =>
    Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    ),
  /** The start of an ELF executable (what a renamed program looks like to its bytes). */
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(200, 0)]),
  /** A Windows program. */
  exe: () =>
    Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(58, 0),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(64, 0),
      Buffer.from('PE\0\0'),
      Buffer.alloc(200, 0),
    ]),
};

/** A multipart form of files (and the optional `meta` field first). */
export function form(files: { name: string; bytes: Buffer; type?: string }[], meta?: unknown): FormData {
  const data = new FormData();
  if (meta !== undefined) data.append('meta', JSON.stringify(meta));
  for (const f of files)
    data.append('file', new Blob([f.bytes], { type: f.type ?? 'application/pdf' }), f.name);
  return data;
}
