import Database from 'better-sqlite3';
import { cpSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IntegrityBreak, VerifyReport } from '@battlemap/events';
import { eventHash } from '../server/src/commands/hash-chain';
import { ADMIN_PASSWORD, TF_A, TF_B, REGION_A, REGION_B, World, registerProject, startWorld } from './support/fixtures';
import { Api } from './support/http-client';
import { runToExit, startServer, tempDataDir } from './support/server';

/**
 * The integrity proof against someone who can edit the store but holds neither the audit key nor the
 * checkpoint: a small board is written through the API and the server stopped; each case copies the
 * data folder (store, key file, checkpoint), edits the SQLite file with plain SQL as a tamperer would,
 * starts a server on the copy with the same key and checkpoint, and asks GET /api/audit/verify.
 */
describe('integrity proof against edits of the SQLite file', () => {
  let world: World;
  let pristine: { dir: string; remove: () => void };
  let fingerprint: string;

  beforeAll(async () => {
    world = await startWorld();
    for (const id of ['p1', 'p2', 'p3'])
      await registerProject(world, id === 'p2' ? TF_B : TF_A, id === 'p2' ? REGION_B : REGION_A, { id, stage: 'signed' });
    await world.api.must('POST', '/api/projects/p1/stage', { stage: 'started', on: '2025-04-01' }, world.admin);
    await world.api.must('POST', '/api/projects/p1/progress', { month: '2025-05', investment: 3_000, progress: 35 }, world.admin);
    await world.api.must('POST', '/api/projects/p1/progress', { month: '2025-06', investment: 2_000, progress: 50 }, world.admin);
    await world.api.must('POST', '/api/projects/p2/progress', { month: '2025-05', investment: 1_000, progress: 10 }, world.admin);
    fingerprint = /audit key: ([0-9a-f]{16}) \(created /.exec(world.server.output())![1];
    await world.server.stop(); // SIGTERM: the checkpoint is written at shutdown
    pristine = tempDataDir();
    cpSync(world.dataDir, pristine.dir, { recursive: true });
  });
  afterAll(async () => {
    await world?.stop();
    pristine?.remove();
  });

  /** A server on a copy of the data folder, after `edit` had its way with the SQLite file. */
  async function verifyAfter(
    edit: (db: Database.Database) => void,
  ): Promise<{ report: VerifyReport; output: string; head: string; count: number }> {
    const copy = tempDataDir();
    try {
      cpSync(pristine.dir, copy.dir, { recursive: true });
      const db = new Database(join(copy.dir, 'events.db'));
      edit(db);
      db.close();
      const server = await startServer({ dataDir: copy.dir, env: { ADMIN_PASSWORD } });
      let answer: { report: VerifyReport; output: string };
      try {
        const api = new Api(server.url);
        const response = await api.get('/api/audit/verify', await api.login('admin', ADMIN_PASSWORD));
        expect(response.status).toBe(200);
        answer = { report: response.body as VerifyReport, output: server.output() };
      } finally {
        await server.stop();
      }
      // The server writes events of its own (the login's token hash, lights recorded at start): the store
      // verified is the copy as it stood then.
      const after = new Database(join(copy.dir, 'events.db'), { readonly: true });
      const head = String(after.prepare('SELECT max(position) FROM events').pluck().get());
      const count = Number(after.prepare('SELECT count(*) FROM events').pluck().get());
      after.close();
      return { ...answer, head, count };
    } finally {
      copy.remove();
    }
  }

  const rows = (db: Database.Database, where: string) =>
    db.prepare(`SELECT position, stream, revision, id, type, data, meta FROM events WHERE ${where} ORDER BY position`).all() as Row[];

  it('a clean store verifies: ok, every event signed, the key named by the fingerprint printed at start', async () => {
    expect(statSync(join(pristine.dir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(statSync(join(pristine.dir, 'audit-checkpoint.json')).mode & 0o777).toBe(0o600);
    const { report, output, head: verifiedHead, count: verifiedCount } = await verifyAfter(() => undefined);
    const db = new Database(join(pristine.dir, 'events.db'), { readonly: true });
    const head = String(db.prepare('SELECT max(position) FROM events').pluck().get());
    const count = Number(db.prepare('SELECT count(*) FROM events').pluck().get());
    db.close();
    expect(report).toEqual({
      ok: true,
      streams: expect.any(Number),
      events: verifiedCount,
      breaks: [],
      unsigned: 0,
      keyFingerprint: fingerprint,
      seals: [],
      checkpoint: { position: verifiedHead, events: verifiedCount, followedFrom: null },
    });
    // The copy started from the checkpoint of the pristine store, and says so.
    expect(output).toContain(`audit key: ${fingerprint} (`);
    expect(output).toMatch(new RegExp(`audit checkpoint: .*audit-checkpoint\\.json \\(position ${head}, ${count} events\\)`));
  });

  it('an event edited with its stream’s hashes recomputed: altered, named by stream, revision and position', async () => {
    let position = '';
    const { report } = await verifyAfter((db) => {
      const update = db.prepare('UPDATE events SET data = ?, meta = ? WHERE position = ?');
      let prevHash: string | null = null;
      for (const row of rows(db, "stream = 'project-p1' AND revision >= 1")) {
        const event = eventOf(row);
        if (row.revision === 1) {
          position = String(row.position);
          event.data = { ...(event.data as object), on: '2025-03-01' }; // started a month earlier
        }
        if (prevHash !== null) event.meta.prevHash = prevHash;
        event.meta.hash = prevHash = eventHash(event, event.meta.prevHash as string);
        update.run(JSON.stringify(event.data), JSON.stringify(event.meta), row.position);
      }
    });
    expect(report.ok).toBe(false);
    expect(report.breaks).toContainEqual({
      stream: 'project-p1',
      revision: 1,
      position,
      kind: 'altered',
      reason: expect.stringContaining('MAC does not match'),
    });
    expect(report.breaks.every((b) => b.stream === 'project-p1' && b.kind === 'altered')).toBe(true);
  });

  it('a stream’s tail deleted: missing_tail, named by stream and the first revision gone', async () => {
    const { report } = await verifyAfter((db) => db.prepare("DELETE FROM events WHERE stream = 'project-p1' AND revision >= 2").run());
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual([
      {
        stream: 'project-p1',
        revision: 2,
        position: null,
        kind: 'missing_tail',
        reason: expect.stringMatching(/^revisions 2–\d+ are gone from the end/),
      },
    ]);
  });

  it('a whole stream deleted: missing_stream, named', async () => {
    const { report } = await verifyAfter((db) => db.prepare("DELETE FROM events WHERE stream = 'project-p3'").run());
    expect(report.breaks).toEqual([
      { stream: 'project-p3', revision: 0, position: null, kind: 'missing_stream', reason: expect.stringContaining('the stream is gone') },
    ]);
  });

  it('two events swapped: reordered, at both positions, though each stream’s own chain still holds', async () => {
    let swapped: Row[] = [];
    const { report } = await verifyAfter((db) => {
      // p2's registration and p3's: neighbours in the log, of different streams.
      const [a, b] = rows(db, "stream IN ('project-p2', 'project-p3') AND revision = 0");
      expect(Number(b.position) - Number(a.position)).toBe(1);
      swapped = [a, b];
      const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
      db.transaction(() => {
        move.run(-1, a.position);
        move.run(a.position, b.position);
        move.run(b.position, -1);
      })();
    });
    const [a, b] = swapped;
    expect(report.breaks).toEqual([
      {
        stream: b.stream,
        revision: 0,
        position: String(a.position),
        kind: 'reordered',
        reason: expect.stringContaining(`and ${a.position}`),
      },
      {
        stream: a.stream,
        revision: 0,
        position: String(b.position),
        kind: 'reordered',
        reason: expect.stringContaining(`and ${b.position}`),
      },
    ] satisfies IntegrityBreak[]);
  });

  it('refuses to start with a short AUDIT_KEY, without the key of a signed store, or on an edited checkpoint: one line each', async () => {
    const short = await runToExit({ EVENTSTORE_URL: 'sqlite::memory:', AUDIT_KEY: 'ab'.repeat(16) });
    expect(short.code).toBe(1);
    expect(short.output.trim()).toBe(
      'battlemap: cannot start: AUDIT_KEY must be at least 32 bytes (64 hex digits or 44 base64 characters), got 16 bytes',
    );

    const copy = tempDataDir();
    try {
      cpSync(pristine.dir, copy.dir, { recursive: true });
      const env = { EVENTSTORE_URL: `sqlite:${join(copy.dir, 'events.db')}`, ADMIN_PASSWORD };
      const checkpointPath = join(copy.dir, 'audit-checkpoint.json');
      const file = JSON.parse(readFileSync(checkpointPath, 'utf8'));
      file.checkpoint.count -= 1;
      writeFileSync(checkpointPath, JSON.stringify(file));
      const edited = await runToExit(env);
      expect(edited.code).toBe(1);
      expect(edited.output.trim()).toMatch(/^battlemap: cannot start: the audit checkpoint \S+ does not match its MAC, so it was altered/);

      unlinkSync(join(copy.dir, 'audit.key'));
      const keyless = await runToExit(env);
      expect(keyless.code).toBe(1);
      expect(keyless.output.trim()).toMatch(
        /^battlemap: cannot start: the audit key file \S+ does not exist, but the store's events are signed/,
      );
    } finally {
      copy.remove();
    }
  });
});

interface Row {
  position: number;
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: string;
  meta: string;
}

function eventOf(row: Row) {
  return {
    stream: row.stream,
    revision: row.revision,
    id: row.id,
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    meta: JSON.parse(row.meta) as Record<string, unknown>,
  };
}
