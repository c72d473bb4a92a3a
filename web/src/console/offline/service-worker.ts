/**
 * Where the console's service worker lives and what it controls (the build writes it, see
 * web/console-pwa.ts): at the root, scoped to /console, so it covers /console itself and every
 * console page, and never the wallboard at /.
 */
export const CONSOLE_SW = '/console-sw.js';
export const CONSOLE_SCOPE = '/console';

/** Registers the worker that lets /console open with no network after one visit (not in `vite` dev). */
export function registerConsoleWorker(): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  // A browser that refuses (private mode, an insecure origin) still runs the console online.
  navigator.serviceWorker.register(CONSOLE_SW, { scope: CONSOLE_SCOPE }).catch(() => undefined);
}
