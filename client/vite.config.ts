import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';

const server = process.env.AGORA_SERVER ?? 'http://localhost:3000';

/** Files of client/public the installed app shows offline (the others are served as usual). */
const PUBLIC_SHELL = [
  '/manifest.webmanifest',
  '/icon.svg',
  '/icon-192.png',
  '/icon-512.png',
  '/apple-touch-icon.png',
];

/**
 * Writes dist/sw.js from client/sw/service-worker.js with this build's files (the app shell to
 * keep offline) and a version made from them: each build that changes a file is a new worker.
 */
function serviceWorker(): Plugin {
  return {
    name: 'agora-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const shell = [
        ...Object.keys(bundle)
          .filter((name) => !name.endsWith('.map') && name !== 'index.html')
          .map((name) => `/${name}`),
        ...PUBLIC_SHELL,
      ].sort();
      const version = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(new URL('./sw/service-worker.js', import.meta.url), 'utf8')
        .replace('__AGORA_VERSION__;', `${JSON.stringify(version)};`)
        .replace('__AGORA_SHELL__;', `${JSON.stringify(shell)};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker(), precompress()],
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Written for debugging a stack trace, not referenced by the scripts; the server serves them
    // only with SOURCE_MAPS=true (they publish the whole source).
    sourcemap: 'hidden',
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod in a chunk of its own, loaded by the views that parse (never by the join page's
          // first load); zod-jitless.ts sets its configuration beforehand without importing it.
          // The shared schemas likewise. The join page's zod-free helpers (codes, limits, and the
          // French spacing of the edition's name in its header) get a small chunk of their own,
          // claimed first: a group also takes the modules its members import, and the schemas
          // import them, so the join page would otherwise bring zod (measured: a first load of
          // 137.3 KB gzip with french-spacing.ts in the schemas' chunk, 101.9 KB here; budget 120).
          groups: [
            {
              name: 'join-helpers',
              test: /[\\/]shared[\\/]src[\\/](codes|limits|french-spacing)\.ts$/,
              priority: 2,
            },
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 1 },
            { name: 'schemas', test: /[\\/]shared[\\/]src[\\/]/ },
          ],
        },
      },
    },
  },
});
