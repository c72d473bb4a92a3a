import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/config';
import { SqliteEventStore } from '../store/sqlite-event-store';
import { AuditKey, parseAuditKey } from './audit-key';
import { AuditTrail } from './audit-trail';
import { AuditWorld, TEST_KEY, checkpointOf, verify } from './audit.fixture';
import { CheckpointFile } from './checkpoint-file';
import type { Checkpoint } from './global-chain';
import { auditFiles, openAudit } from './open-audit';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'battlemap-audit-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the audit key', () => {
  it('is read as hex or base64, at least 32 bytes, and named by the first 16 hex digits of its SHA-256', () => {
    const bytes = Buffer.alloc(32, 7);
    const fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    expect(parseAuditKey(bytes.toString('hex'), 'AUDIT_KEY').fingerprint).toBe(fingerprint);
    expect(parseAuditKey(bytes.toString('base64'), 'AUDIT_KEY').fingerprint).toBe(fingerprint);
    expect(parseAuditKey(`${bytes.toString('base64url')}\n`, 'AUDIT_KEY').fingerprint).toBe(fingerprint);
    expect(() => parseAuditKey('ab'.repeat(31), 'AUDIT_KEY')).toThrow(/AUDIT_KEY must be at least 32 bytes .* got 31 bytes/);
    expect(() => parseAuditKey('not a key!', 'AUDIT_KEY')).toThrow(/AUDIT_KEY is neither hex nor base64/);
  });

  it('sits beside the credentials file by default, the checkpoint beside the key', () => {
    expect(auditFiles({ eventStoreUrl: `sqlite:${dir}/events.db` }, {})).toEqual({
      keyPath: join(dir, 'audit.key'),
      checkpointPath: join(dir, 'audit-checkpoint.json'),
    });
    expect(auditFiles({ eventStoreUrl: 'sqlite::memory:' }, {})).toEqual({ keyPath: null, checkpointPath: null });
    expect(
      auditFiles({ eventStoreUrl: 'sqlite:x.db' }, { AUDIT_KEY_PATH: '/secrets/k', AUDIT_CHECKPOINT_PATH: '/var/audit/c.json' }),
    ).toEqual({
      keyPath: '/secrets/k',
      checkpointPath: '/var/audit/c.json',
    });
  });

  it('is made on first start (32 random bytes, mode 0600) and read back on the next', async () => {
    const store = new SqliteEventStore(':memory:');
    const config = { eventStoreUrl: `sqlite:${dir}/events.db` };
    const first = await openAudit(config, store, {});
    expect(statSync(join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'audit.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(first.notes[0]).toBe(
      `audit key: ${first.key.fingerprint} (created ${join(dir, 'audit.key')}: back it up, with the checkpoint beside it, away from the store)`,
    );
    const again = await openAudit(config, store, {});
    expect(again.key.fingerprint).toBe(first.key.fingerprint);
    expect(again.notes).toEqual([`audit key: ${first.key.fingerprint} (${join(dir, 'audit.key')})`]);
  });

  it('stops the server with one line when the key is ambiguous or gone from a signed store', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    const config = { eventStoreUrl: `sqlite:${dir}/events.db` };
    await expect(openAudit(config, world.raw, {})).rejects.toThrow(
      /audit key file .*audit.key does not exist, but the store's events are signed \(the last one at position 1\)/,
    );
    await expect(openAudit(config, world.raw, { AUDIT_KEY: 'ab'.repeat(32), AUDIT_KEY_PATH: join(dir, 'k') })).rejects.toThrow(
      'set AUDIT_KEY or AUDIT_KEY_PATH, not both',
    );
    const fromEnv = await openAudit(config, world.raw, { AUDIT_KEY: '5a'.repeat(32) });
    expect(fromEnv.key.fingerprint).toBe(TEST_KEY.fingerprint);
    expect(fromEnv.notes).toEqual([`audit key: ${TEST_KEY.fingerprint} (from AUDIT_KEY)`]);
  });
});

describe('the audit checkpoint', () => {
  it('is written with a MAC and refused when edited or written under another key', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    const events = await world.events();
    const file = new CheckpointFile(join(dir, 'audit-checkpoint.json'), TEST_KEY);
    expect(file.load()).toBeNull();
    const checkpoint = checkpointOf(events);
    file.save(checkpoint);
    expect(statSync(file.path).mode & 0o777).toBe(0o600);
    expect(file.load()).toEqual(checkpoint);
    expect(() => new CheckpointFile(file.path, AuditKey.random()).load()).toThrow(
      /was written with audit key [0-9a-f]{16}, but the key is/,
    );
    const stored = JSON.parse(readFileSync(file.path, 'utf8'));
    stored.checkpoint.count += 1;
    writeFileSync(file.path, JSON.stringify(stored));
    expect(() => file.load()).toThrow(ConfigError);
    expect(() => file.load()).toThrow(/does not match its MAC, so it was altered/);
  });

  it('is written in the background with the very text and MAC of a write in one piece, made over many slices of stream heads', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    const base = checkpointOf(await world.events());
    // 45,001 streams: three slices of stream heads and a bit, ids of every kind JSON must escape.
    const streams: Checkpoint['streams'] = { ...base.streams, '项目-"引号"\\n': { revision: 3, hash: 'ab'.repeat(32) } };
    for (let i = 0; i < 45_000; i++)
      streams[`project-${i}`] = { revision: i % 7, hash: createHash('sha256').update(String(i)).digest('hex') };
    const checkpoint = { ...base, streams };
    const inOne = new CheckpointFile(join(dir, 'one.json'), TEST_KEY);
    inOne.save(checkpoint);
    const inSlices = new CheckpointFile(join(dir, 'slices.json'), TEST_KEY);
    let turns = 0;
    const ticking = setInterval(() => turns++, 0);
    const written = inSlices.saveInBackground(checkpoint);
    await written;
    clearInterval(ticking);
    expect(readFileSync(inSlices.path, 'utf8')).toBe(readFileSync(inOne.path, 'utf8'));
    expect(inSlices.load()).toEqual(checkpoint);
    expect(turns).toBeGreaterThan(0);
    // No stream heads at all: the same text as well.
    inOne.save({ ...base, streams: {} });
    await inSlices.saveInBackground({ ...base, streams: {} });
    expect(readFileSync(inSlices.path, 'utf8')).toBe(readFileSync(inOne.path, 'utf8'));
  });

  it('is written by the trail at most once a second and on flush, and resumed without re-folding what it covers', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    await world.raise('q2');
    await world.assign('q1', '自然资源局');
    const events = await world.events();
    const file = new CheckpointFile(join(dir, 'audit-checkpoint.json'), TEST_KEY);
    const trail = new AuditTrail(TEST_KEY, { file, checkpoint: null, storeHead: null, writeIntervalMs: 60_000 });
    trail.apply(events[0]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await trail.settled(); // the first write goes at once, in the background
    expect(file.load()?.count).toBe(1);
    events.slice(1).forEach((event) => trail.apply(event));
    expect(file.load()?.count).toBe(1); // the next waits for the interval ...
    trail.flush(); // ... or the shutdown
    expect(file.load()).toEqual(checkpointOf(events));

    // A restart: the trail goes on from the checkpoint; replayed events it covers change nothing.
    const resumed = new AuditTrail(TEST_KEY, { file, checkpoint: file.load(), storeHead: events[2].position });
    const edited = {
      ...events[0],
      data: { ...(events[0].data as object), severity: 'urgent' },
      meta: { ...events[0].meta, hash: 'e'.repeat(64) },
    };
    resumed.apply(edited);
    expect(resumed.snapshot()).toEqual(checkpointOf(events));
    expect(resumed.notes).toEqual([`audit checkpoint: ${file.path} (position 3, 3 events)`]);
  });

  it('writes on its timer off the event loop, and a write at shutdown during one wins over it (the older is dropped, not renamed over the newer)', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    await world.raise('q2');
    await world.assign('q1', '自然资源局');
    const events = await world.events();
    const file = new CheckpointFile(join(dir, 'audit-checkpoint.json'), TEST_KEY);
    const trail = new AuditTrail(TEST_KEY, { file, checkpoint: null, storeHead: null, writeIntervalMs: 60_000 });
    trail.apply(events[0]);
    // Right after the trail's own timer (due at once): its write of 1 event is under way on the thread pool.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(() => statSync(file.path)).toThrow(/ENOENT/);
    events.slice(1).forEach((event) => trail.apply(event));
    trail.flush();
    await trail.settled();
    expect(file.load()).toEqual(checkpointOf(events));
    expect(readdirSync(dir)).toEqual(['audit-checkpoint.json']);
  });

  it('keeps the stream heads apart in its file, decodes them only when the chain needs them, and reads a file of the first layout', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    await world.raise('q2');
    await world.assign('q1', '自然资源局');
    const events = await world.events();
    const file = new CheckpointFile(join(dir, 'audit-checkpoint.json'), TEST_KEY);
    file.save(checkpointOf(events.slice(0, 2)));
    const text = readFileSync(file.path, 'utf8');
    expect(text).toMatch(/^\{"mac":"[0-9a-f]{64}","checkpoint":\{"version":1,.*\},"streamHeads":\{"problem-q1":\{"revision":0,/s);
    expect(JSON.parse(text).checkpoint).not.toHaveProperty('streams');

    // A restart: the events the checkpoint covers come again, and the heads stay undecoded; a new event needs them.
    const loaded = file.load()!;
    const trail = new AuditTrail(TEST_KEY, { file: null, checkpoint: loaded, storeHead: events[1].position });
    events.slice(0, 2).forEach((event) => trail.apply(event));
    trail.caughtUp();
    expect(Object.getOwnPropertyDescriptor(loaded, 'streams')?.get).toBeDefined();
    trail.apply(events[2]);
    expect(Object.getOwnPropertyDescriptor(loaded, 'streams')?.get).toBeUndefined();
    expect(trail.snapshot()).toEqual(checkpointOf(events));

    // The heads are under the MAC too.
    writeFileSync(file.path, text.replace('"revision":0,"hash":"', '"revision":1,"hash":"'));
    expect(() => file.load()).toThrow(/does not match its MAC, so it was altered/);

    // The first layout: the heads inside the checkpoint, the MAC over the checkpoint's text.
    const body = JSON.stringify(checkpointOf(events));
    writeFileSync(file.path, `{"mac":"${TEST_KEY.mac(body)}","checkpoint":${body}}`);
    expect(file.load()).toEqual(checkpointOf(events));
    // ... and written anew in the current layout by the trail that resumes from it.
    const converting = new AuditTrail(TEST_KEY, { file, checkpoint: file.load(), storeHead: events[2].position });
    converting.flush();
    expect(readFileSync(file.path, 'utf8')).toMatch(/"streamHeads":/);
    expect(file.load()).toEqual(checkpointOf(events));
    writeFileSync(file.path, `{"mac":"${TEST_KEY.mac(body)}","checkpoint":${body}}`);
    writeFileSync(file.path, `{"mac":"${TEST_KEY.mac(body)}","checkpoint":${body.replace('"count":3', '"count":4')}}`);
    expect(() => file.load()).toThrow(/does not match its MAC, so it was altered/);
  });

  it('remembers a stream that went on from an earlier revision (its tail was deleted before)', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    await world.assign('q1', '自然资源局');
    await world.assign('q1', '住建局');
    await world.raise('q2');
    const events = await world.events();
    const trail = new AuditTrail(TEST_KEY, { file: null, checkpoint: checkpointOf(events), storeHead: '4' });
    // Revisions 1 and 2 were deleted while the server was down; then revision 1 was appended again.
    const again = { ...events[1], position: '5' };
    trail.apply(again);
    trail.caughtUp();
    const store = [events[0], events[3], again];
    expect(verify(store, trail.snapshot()).breaks).toEqual([
      {
        stream: 'problem-q1',
        revision: 1,
        position: '5',
        kind: 'missing_tail',
        reason: 'revisions 1–2 had gone when revision 1 was appended again at position 5',
      },
    ]);
  });

  it('warns at start when the store ends before the checkpoint', async () => {
    const world = new AuditWorld();
    await world.raise('q1');
    await world.raise('q2');
    const events = await world.events();
    const trail = new AuditTrail(TEST_KEY, { file: null, checkpoint: checkpointOf(events), storeHead: '1' });
    trail.apply(events[0]);
    trail.caughtUp();
    expect(trail.notes.at(-1)).toMatch(/^warning: the store ends at position 1, before the audit checkpoint's 2/);
  });
});
