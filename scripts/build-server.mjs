#!/usr/bin/env node
// The production build of the server: server/src/main.ts and @agora/shared bundled into one ES
// module, server/dist/main.js, which `npm start` and the image run; the packages of node_modules
// stay imports. Transpiling on the fly (tsx, `npm run serve`) about doubles the CPU a start takes,
// and a restart is time during which a node's participants wait. The organizer, backup and restore
// CLIs are bundled the same way (server/dist/create-organizer.js, backup.js, restore.js), so that
// the image needs no TypeScript loader.
//   node scripts/build-server.mjs          (part of `npm run build`)
import { copyFileSync, readFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = join(root, 'server/dist');
// Bundled one by one, without shared chunks: a chunk in a subfolder would read the files below
// from the wrong depth.
const entries = [
  { source: 'server/src/main.ts', out: 'main.js' },
  { source: 'scripts/create-organizer.ts', out: 'create-organizer.js' },
  { source: 'scripts/backup.ts', out: 'backup.js' },
  { source: 'scripts/restore.ts', out: 'restore.js' },
];

// Files read next to their module (`new URL('./file', import.meta.url)`): the bundle reads them
// next to itself, so they are copied there.
const assets = [
  'server/src/modules/program/demo/programme-jnia-2024.md',
  'server/src/modules/watch/demo/test-clock.webm',
  'server/src/modules/attendance/fonts/LiberationSans-Regular.ttf',
  'server/src/modules/attendance/fonts/LiberationSans-Bold.ttf',
  'server/src/modules/attendance/fonts/LICENSE_LIBERATION',
];
// Read relative to the module too, and found from server/dist as from server/src (same depth).
const folders = ['client/dist'];

/** @type {import('esbuild').BuildOptions} */
const options = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [
    {
      name: 'packages-stay-imports',
      setup(b) {
        // Bare specifiers are packages: external, except our own workspaces, which are TypeScript.
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@agora/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
};
for (const entry of entries) {
  await build({ ...options, entryPoints: [join(root, entry.source)], outfile: join(outdir, entry.out) });
}
for (const asset of assets) copyFileSync(join(root, asset), join(outdir, basename(asset)));

// A file read next to a module that is neither copied nor known would be missing at run time only.
const known = new Set([
  ...assets.map((a) => join(outdir, basename(a))),
  ...folders.map((f) => join(root, f)),
]);
for (const entry of entries) {
  const outfile = join(outdir, entry.out);
  const bundle = readFileSync(outfile, 'utf8');
  for (const [, path] of bundle.matchAll(/new URL\("([^"]+)", import\.meta\.url\)/g)) {
    if (known.has(resolve(outdir, path))) continue;
    process.stderr.write(`build-server: ${entry.out} reads ${path} next to itself; add it to the assets\n`);
    process.exit(1);
  }
  process.stdout.write(`built ${relative(root, outfile)}\n`);
}
