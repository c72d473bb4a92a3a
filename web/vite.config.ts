import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';
import { CONSOLE_ASSETS, consolePwa } from './console-pwa.ts';

const server = process.env.BATTLEMAP_SERVER ?? 'http://localhost:3000';
const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** `vite` (dev) serves console.html for /console and audit.html for /audit and their routes, as the server does in production. */
const consoleRoutes: Plugin = {
  name: 'battlemap-console-routes',
  configureServer(dev) {
    dev.middlewares.use((req, _res, next) => {
      if (req.url && /^\/console(\/|\?|$)/.test(req.url)) req.url = '/console.html';
      else if (req.url && /^\/audit(\/|\?|$)/.test(req.url)) req.url = '/audit.html';
      next();
    });
  },
};

/**
 * The wallboard's entry script is small: it asks for the board's snapshot first, then loads the screen's
 * code (src/boot.ts) with a dynamic import. The page also names that code as a modulepreload, so the
 * browser fetches it beside the entry script instead of after it, before a province's snapshot (tens of
 * MB once unpacked) takes the connection and the machine's time.
 */
const preloadBoot: Plugin = {
  name: 'battlemap-preload-boot',
  apply: 'build',
  transformIndexHtml: {
    order: 'post',
    handler(_html, ctx) {
      if (!ctx.bundle || !ctx.filename.endsWith('index.html')) return;
      const boot = Object.values(ctx.bundle).find((chunk) => chunk.type === 'chunk' && chunk.facadeModuleId?.endsWith('/src/boot.ts'));
      if (!boot) return;
      return [{ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${boot.fileName}` }, injectTo: 'head' }];
    },
  },
};

/**
 * `vite build` makes what ships (dist/). `vite build --mode test` (npm run build:test) makes the same
 * production bundle plus the debug probe the browser suites drive (see src/lib/probe.ts), into dist-test/.
 */
export default defineConfig(({ mode }) => ({
  plugins: [svelte(), consoleRoutes, preloadBoot, consolePwa()],
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
  // One build per audience, so none carries another's code: the wallboard (/, the `client` environment),
  // the console (/console) and the audit workbench (/audit). A single multi-page build would share chunks, and a shared chunk keeps
  // every export either page uses: the wallboard would load the console's half of the kernel.
  environments: {
    // public/ holds the console's icons: only the console copies it.
    client: { build: { copyPublicDir: false, rolldownOptions: { input: page('index.html') } } },
    console: {
      consumer: 'client',
      build: { emptyOutDir: false, assetsDir: CONSOLE_ASSETS, rolldownOptions: { input: page('console.html') } },
    },
    // The audit workbench (/audit): its own bundle, sharing only the board panels' source.
    audit: {
      consumer: 'client',
      build: { emptyOutDir: false, copyPublicDir: false, assetsDir: 'audit-assets', rolldownOptions: { input: page('audit.html') } },
    },
  },
  builder: {
    async buildApp(builder) {
      await builder.build(builder.environments.client);
      await builder.build(builder.environments.console);
      await builder.build(builder.environments.audit);
    },
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/socket.io': { target: server, changeOrigin: true, ws: true },
    },
  },
}));
