import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, rmSync, rmdirSync, statSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectError } from './support/http-client';
import { ADMIN_PASSWORD, World, adminSession, registerProject, startWorld } from './support/fixtures';
import { LEDGER_HEADERS, ledgerRows, upload, xlsx } from './support/ledger-files';
import { startServer } from './support/server';

/** A small tmpfs of our own, so the disk can really fill; null (and the reason printed) when this machine cannot mount one. */
function mountSmallDisk(size = '4m'): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'battlemap-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmdirSync(dir);
    console.log(`faults-disk: skipped, cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`);
    return null;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir]);
      rmdirSync(dir);
    },
  };
}

/** Writes a file until the disk refuses (ENOSPC); returns its path. */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler.bin');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(16 * 1024, 7);
  try {
    for (;;) writeSync(fd, block);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
  return path;
}

/**
 * A describe block whose one test runs a server (the test world) with its data on a small tmpfs of its own;
 * skipped, with the reason printed, where no tmpfs can be mounted.
 */
function onSmallDisk(
  title: string,
  size: string,
  name: string,
  test: (world: World, disk: string, dataDir: string) => Promise<void>,
): void {
  describe(title, () => {
    const disk = mountSmallDisk(size);
    let world: World | undefined;

    afterAll(async () => {
      await world?.server.stop();
      disk?.unmount();
    });

    (disk ? it : it.skip)(
      name,
      async () => {
        const dataDir = join(disk!.dir, 'data');
        mkdirSync(dataDir);
        world = await startWorld({ dataDir });
        await test(world, disk!.dir, dataDir);
      },
      180_000,
    );
  });
}

const progress = (n: number) => ({ month: '2025-06', investment: 100 + n, progress: n % 100 });

/**
 * Fault: the disk holding the SQLite store (and its WAL, credentials and audit checkpoint) fills up.
 * Commands answer 507 with a Chinese message, reads go on, nothing acknowledged is lost, and writes
 * come back by themselves once there is room again.
 */
onSmallDisk(
  'fault: disk full',
  '4m',
  'answers 507 while full, keeps reading, and writes again after space is freed',
  async (world, disk, dataDir) => {
    const { api, admin } = world;
    const projectId = await registerProject(world);
    const acknowledged: string[] = [];
    const post = async (n: number) => {
      const answer = await api.post(`/api/projects/${projectId}/progress`, progress(n), admin);
      if (answer.status === 201) acknowledged.push(answer.body.position as string);
      return answer;
    };
    for (let n = 0; n < 5; n++) expect((await post(n)).status).toBe(201);

    const filler = fillDisk(disk);
    // The WAL may still hold room it took earlier: commands go through (durably) until it is used up.
    let refused = undefined as Awaited<ReturnType<typeof post>> | undefined;
    for (let n = 5; n < 3000 && !refused; n++) {
      const answer = await post(n);
      if (answer.status !== 201) refused = answer;
    }
    expect(refused).toBeDefined();
    expectError(refused!, 507, 'disk_full');
    expect(refused!.body.message).toMatch(/磁盘已满/);
    // Still full: a second command is refused the same way, never a bare 500.
    expectError(await post(9999), 507, 'disk_full');

    // Reads go on.
    const board = await api.get('/api/board?year=2025', admin);
    expect(board.status).toBe(200);
    expect(board.body.projects.map((p: { id: string }) => p.id)).toEqual([projectId]);
    expect((await api.get('/api/health')).status).toBe(200);

    // Room again: writes come back with no restart.
    rmSync(filler);
    const again = await api.eventually(async () => {
      const answer = await post(10_000);
      return answer.status === 201 ? answer : undefined;
    }, 10_000);
    expect(again.status).toBe(201);

    // Nothing acknowledged was lost, nothing doubled: after a restart, every acknowledged position holds one event.
    await world.server.stop();
    world.server = await startServer({ dataDir, env: { ADMIN_PASSWORD } });
    const session = await adminSession(world.server.url, ADMIN_PASSWORD);
    const history = await session.api.get(`/api/projects/${projectId}/history`, session.admin);
    const positions = (history.body.events as { position: string; type: string }[])
      .filter((e) => e.type === 'ProgressReported')
      .map((e) => e.position);
    expect(positions.sort()).toEqual([...acknowledged].sort());
    console.log(
      `faults-disk: ${acknowledged.length} commands acknowledged, the first refusal: ${refused!.status} ${refused!.body.message}`,
    );
  },
);

/**
 * Fault: the disk fills while a ledger import writes (one unit of work, committed in a few transactions).
 * The import answers 507 in Chinese, the server goes on serving, and the same file imported again once
 * there is room completes it: every row's project exactly once, none doubled, none lost.
 */
onSmallDisk(
  'fault: disk full in the middle of a ledger import',
  '64m',
  'answers 507, keeps serving, and a second import of the same file completes it',
  async (world, disk) => {
    const { api, admin } = world;
    const ROWS = 8000;
    const ledger = await xlsx(LEDGER_HEADERS, ledgerRows(ROWS, '满盘项目'));
    const importLedger = () => upload(world.server.url, '/api/imports/projects', ledger, '台账.xlsx', admin);

    // Leave 6 MB: room for part of the import (perhaps a committed part: a unit commits every second), not all of it.
    const filler = fillDisk(disk);
    truncateSync(filler, Math.max(0, statSync(filler).size - 6 * 1024 * 1024));
    const refused = await importLedger();
    expect([refused.status, refused.body.error]).toEqual([507, 'disk_full']);
    // Said as what it means for an import: part may be in, and importing the same file again completes it.
    expect(refused.body.message).toMatch(/导入途中服务器磁盘已满.*一部分行可能已经写入.*重新导入同一个文件/);

    // The server goes on: reads answer, and the board holds no project twice.
    expect((await api.get('/api/health')).status).toBe(200);
    const during = await api.get('/api/board?year=2025', admin);
    expect(during.status).toBe(200);
    const names = (board: { projects: { name: string }[] }) => board.projects.map((p) => p.name).filter((n) => n.startsWith('满盘项目'));
    expect(new Set(names(during.body)).size).toBe(names(during.body).length);
    expect(names(during.body).length).toBeLessThan(ROWS);

    // Room again: the same file, imported once more, writes what is missing and nothing twice.
    rmSync(filler);
    const again = await api.eventually(async () => {
      const answer = await importLedger();
      return answer.status === 201 ? answer : undefined;
    }, 20_000);
    expect(again.body).toMatchObject({ rows: ROWS, amended: 0, errors: [], written: true });
    expect(again.body.created + again.body.unchanged).toBe(ROWS);
    expect(again.body.created).toBeGreaterThan(0);
    const after = await api.get('/api/board?year=2025', admin);
    const all = names(after.body);
    expect(new Set(all).size).toBe(all.length);
    // Every row of the ledger is now a project (the board lists the live ones: every row here is live).
    expect(all.length).toBe(ROWS);
    console.log(
      `faults-disk: import refused with ${refused.status} after ${names(during.body).length} of ${ROWS} projects; the second import created ${again.body.created}`,
    );
  },
);
