/**
 * The Node flags the server runs with, for the Node that runs it: `npm start` runs
 * `node $(node server/dist/cli/node-flags.js) server/dist/main.js`; the benches and the e2e suites start
 * the server with the same; the Dockerfile, on Node 22, names them itself.
 *
 * - `--max-semi-space-size=64`: a young generation of 64 MiB, so a cold start's fold of a province's
 *   million events promotes less of what it only holds for a moment.
 * - `--experimental-async-context-frame` on Node 22 and 23: AsyncLocalStorage (a request's correlation
 *   id, the store's unit of work) without async_hooks, whose hook on every promise is paid by every
 *   command. `bench:http`, 2026-12-05: 2,645–2,695 req/s with it against 2,277–2,485 without. It is the
 *   default from Node 24 on, which refuses the flag.
 */
export function serverNodeArgs(nodeVersion: string = process.versions.node): string[] {
  const major = Number(nodeVersion.split('.')[0]);
  return ['--max-semi-space-size=64', ...(major === 22 || major === 23 ? ['--experimental-async-context-frame'] : [])];
}

if (require.main === module) console.log(serverNodeArgs().join(' '));
