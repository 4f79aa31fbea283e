import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../server/src/node-flags.ts';

// The image's promises, checked on the Dockerfile itself (no container engine runs on the test
// machines): stages, what the runtime stage holds, its user, health check and version.
const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

interface Stage {
  name: string;
  lines: string[];
}

/** The Dockerfile's stages, each with its instructions (continuation lines joined). */
function stages(): Stage[] {
  const instructions = read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+\s+AS\s+(\S+)/i.exec(line);
    if (from) result.push({ name: from[1]!, lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

const serverPackage = JSON.parse(read('server/package.json')) as { dependencies: Record<string, string> };

/** The packages the built server and CLI import at run time (our workspaces are bundled). */
async function runtimeImports(): Promise<Set<string>> {
  const result = await build({
    entryPoints: [
      'server/src/main.ts',
      'scripts/create-organizer.ts',
      'scripts/backup.ts',
      'scripts/restore.ts',
    ].map((f) => `${root}/${f}`),
    outdir: `${root}/.cache/image-test`,
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'packages-stay-imports',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) =>
            args.path.startsWith('@agora/') ? undefined : { path: args.path, external: true },
          );
        },
      },
    ],
  });
  const imports = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtinModules.includes(path)) continue;
      const parts = path.split('/');
      imports.add(path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
    }
  }
  return imports;
}

describe('the image', () => {
  it('builds in stages and ends with the runtime stage', () => {
    expect(stages().map((s) => s.name)).toEqual(['build', 'prod-deps', 'runtime']);
  });

  it("installs only the server's production dependencies for the runtime", () => {
    const deps = stages().find((s) => s.name === 'prod-deps')!;
    expect(deps.lines.some((l) => /npm ci\b.*--omit=dev.*--workspace=server/.test(l))).toBe(true);
  });

  it('copies into the runtime stage the built server and client, production dependencies and no source', () => {
    const runtime = stages().at(-1)!;
    const copies = runtime.lines.filter((l) => l.startsWith('COPY'));
    expect(copies).toEqual([
      'COPY --from=prod-deps /app/node_modules node_modules',
      'COPY --from=build /app/server/dist server/dist',
      'COPY --from=build /app/client/dist client/dist',
      'COPY package.json LICENSE ./',
      'COPY server/package.json server/',
    ]);
  });

  it('runs the built server as an unprivileged user, checking its readiness', () => {
    const runtime = stages().at(-1)!.lines;
    expect(runtime).toContain('USER node');
    // With the V8 flags of server/src/node-flags.ts, as `npm start` runs it.
    const cmd = ['node', ...SERVER_NODE_FLAGS, 'server/dist/main.js'];
    expect(runtime.at(-1)).toBe(`CMD ${JSON.stringify(cmd).replaceAll(',', ', ')}`);
    const start = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts[
      'start:built'
    ];
    expect(start).toContain(`node ${SERVER_NODE_FLAGS.join(' ')} server/dist/main.js`);
    const healthcheck = runtime.find((l) => l.startsWith('HEALTHCHECK'));
    expect(healthcheck).toMatch(/\/readyz/);
  });

  it("labels the image with package.json's version", () => {
    const version = (JSON.parse(read('package.json')) as { version: string }).version;
    const runtime = stages().at(-1)!.lines;
    expect(runtime).toContain(`ARG VERSION=${version}`);
    expect(runtime.find((l) => l.startsWith('LABEL'))).toContain(
      'org.opencontainers.image.version="${VERSION}"',
    );
  });

  it('has every package the built server and CLI import among the server dependencies, and no build tool', async () => {
    const declared = Object.keys(serverPackage.dependencies);
    const imported = await runtimeImports();
    expect([...imported]).toEqual(expect.arrayContaining(['fastify', 'socket.io', 'ioredis', 'zod']));
    for (const name of imported) expect(declared, name).toContain(name);
    for (const tool of ['tsx', 'typescript', 'esbuild', 'vite', 'react', 'socket.io-client']) {
      expect(declared).not.toContain(tool);
    }
  });
});
