/**
 * `node --import tsx scripts/make-province-store.ts <cacheDir> <events>`: the province bench store
 * (bench-province-store.ts), made once under `cacheDir` and reused. For the benches written as plain
 * JavaScript (bench:snapshots), which cannot import the TypeScript generator themselves. Prints the
 * store's path on stdout (its name carries the generator's version).
 */
import { provinceStore } from './bench-province-store';

async function main(): Promise<void> {
  const [cacheDir = 'bench/.cache', events = '100000'] = process.argv.slice(2);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const made = await provinceStore(cacheDir, Number(events), log);
  log(made.seconds > 0 ? `province store written in ${made.seconds.toFixed(0)} s: ${made.path}` : `province store reused: ${made.path}`);
  process.stdout.write(`${made.path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
