import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompress } from './precompress.ts';

const server = process.env.AGORA_SERVER ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react(), precompress()],
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
  },
});
