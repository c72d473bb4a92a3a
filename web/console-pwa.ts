import type { Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { CONSOLE_SCOPE, CONSOLE_SW } from './src/console/offline/service-worker.ts';

/** The console environment writes its scripts and styles here, apart from the wallboard's. */
export const CONSOLE_ASSETS = 'assets/console';

/**
 * The console as an installable PWA, and only the console: the plugins run in the `console` build
 * environment alone, so the wallboard (the `client` environment, /) gets no manifest, no service
 * worker and not one byte more.
 *
 * The worker sits at the root (/console-sw.js, registered by src/console/offline/service-worker.ts)
 * with the scope /console: that covers /console itself as well as /console/…, which a worker under
 * /console/ could not (its scope would stop at /console/), and it can never reach the wallboard at /.
 * It precaches the console's page, its scripts and styles (the console's own assets folder) and its
 * icons, so /console opens with no network after one visit; every other request (the API,
 * socket.io) goes to the network untouched.
 */
export function consolePwa(): Plugin[] {
  const plugins = VitePWA({
    // Registered by the console's own code, never by a script tag.
    injectRegister: false,
    filename: CONSOLE_SW.slice(1),
    manifestFilename: 'console.webmanifest',
    scope: CONSOLE_SCOPE,
    includeManifestIcons: false,
    manifest: {
      id: CONSOLE_SCOPE,
      name: '挂图作战工作台',
      short_name: '挂图作战',
      description: '重点项目挂图作战：专班成员、挂点领导和督查人员的工作台，现场无网络时也能登记，联网后自动同步。',
      lang: 'zh-CN',
      dir: 'ltr',
      start_url: CONSOLE_SCOPE,
      scope: CONSOLE_SCOPE,
      display: 'standalone',
      orientation: 'any',
      background_color: '#f4f6f9',
      theme_color: '#1d4f91',
      icons: [
        { src: '/console-icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/console-icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/console-icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: '/console-icons/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    },
    workbox: {
      cacheId: 'battlemap-console',
      globPatterns: ['console.html', `${CONSOLE_ASSETS}/**/*.{js,css}`, 'console-icons/*.{png,svg}'],
      // ECharts is a lazy chunk of ~550 kB: it must be there offline too.
      maximumFileSizeToCacheInBytes: 3 * 2 ** 20,
      navigateFallback: '/console.html',
      navigateFallbackAllowlist: [/^\/console(\/|$)/],
      inlineWorkboxRuntime: true,
      cleanupOutdatedCaches: true,
      skipWaiting: true,
      clientsClaim: true,
    },
  });
  for (const plugin of plugins) {
    plugin.applyToEnvironment = (environment) => environment.name === 'console';
    // Vite runs every plugin's HTML transform on every page, whatever the environment: the manifest
    // link is written in console.html instead, so index.html stays as it was.
    delete plugin.transformIndexHtml;
  }
  return plugins;
}
