import 'reflect-metadata';
import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { openAudit } from '../audit/open-audit';
import { ChainVerifier } from '../audit/chain-verifier';
import { loadConfig, parseStoreUrl } from '../config/config';
import { SqliteEventStore } from '../store/sqlite-event-store';

const BATCH = 5000;

/**
 * `npm run backup -- <file>`: a consistent copy of the embedded store while the server runs (SQLite's
 * online backup API), then the copy reopened and verified with the audit key: every stream's hash
 * chain, every event's MAC, the global chain and the monthly seals. KurrentDB is backed up with its
 * own tools (see the README).
 */
async function main(argv: string[]): Promise<number> {
  const target = argv[0];
  if (!target) {
    console.error('usage: npm run backup -- <file>   (a new file; the store named by EVENTSTORE_URL is copied into it)');
    return 2;
  }
  const config = loadConfig();
  const location = parseStoreUrl(config.eventStoreUrl);
  if (location.kind !== 'sqlite') {
    console.error('backup: EVENTSTORE_URL names KurrentDB: back it up with its own tools (README, "Backup and restore")');
    return 2;
  }
  const destination = resolve(target);
  if (existsSync(destination)) {
    console.error(`backup: ${destination} exists; name a new file (a backup never overwrites one)`);
    return 2;
  }
  if (!existsSync(location.path)) {
    console.error(`backup: no store at ${location.path}`);
    return 1;
  }
  const started = performance.now();
  const source = new Database(location.path, { readonly: true, fileMustExist: true });
  try {
    await source.backup(destination, {
      progress: ({ totalPages, remainingPages }) => {
        process.stderr.write(`\rbackup: ${totalPages - remainingPages}/${totalPages} pages`);
        return 256;
      },
    });
    process.stderr.write('\n');
  } finally {
    source.close();
  }
  const copied = (performance.now() - started) / 1000;

  // The copy, checked as a restore would use it: opened as a store, verified with the key.
  const copy = new SqliteEventStore(destination);
  const audit = await openAudit(config, copy);
  const verifier = new ChainVerifier(audit.key);
  let events = 0;
  try {
    let after: string | undefined;
    for (;;) {
      const batch = await copy.readAll({ after, limit: BATCH });
      batch.forEach((event) => verifier.add(event));
      events += batch.length;
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].position;
    }
  } finally {
    await copy.close();
  }
  const report = verifier.report();
  const megabytes = (statSync(destination).size / 1e6).toFixed(1);
  if (!report.ok) {
    console.error(
      `backup: the copy at ${destination} does NOT verify (${report.breaks.length} breaks), first: ${JSON.stringify(report.breaks[0])}`,
    );
    return 1;
  }
  console.log(
    `backup: ${events} events → ${destination} (${megabytes} MB) in ${copied.toFixed(1)} s; verified with the audit key (${audit.key.fingerprint})`,
  );
  console.log('backup: keep the audit key (and its checkpoint) too, stored apart from this copy: without the key nothing can be verified');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup: ${(error as Error).message}`);
    process.exit(1);
  },
);
