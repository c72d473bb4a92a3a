import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const server = process.env.BATTLEMAP_SERVER ?? 'http://localhost:3000';

/**
 * `vite build` makes what ships (dist/). `vite build --mode test` (npm run build:test) makes the same
 * production bundle plus the debug probe the browser suites drive (see src/lib/probe.ts), into dist-test/.
 */
export default defineConfig(({ mode }) => ({
  plugins: [svelte()],
  resolve: {
    // The shared kernel is compiled from source, so web never drifts from what the server folds.
    alias: { '@battlemap/events': fileURLToPath(new URL('../events/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: mode === 'test' ? 'dist-test' : 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
}));
