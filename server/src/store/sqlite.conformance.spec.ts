import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance } from './event-store.conformance';
import { SqliteEventStore } from './sqlite-event-store';

const dir = mkdtempSync(join(tmpdir(), 'battlemap-conformance-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

runConformance({
  name: 'sqlite',
  open: async () => new SqliteEventStore(join(dir, `store-${++n}`, 'events.db')),
  openAnother: async (store) => new SqliteEventStore((store as SqliteEventStore).path),
});

describe('sqlite durability', () => {
  it('keeps every append that returned when the writer is killed with SIGKILL part-way', async () => {
    const path = join(dir, 'durability', 'events.db');
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'durability-writer.fixture.ts'), path, '1000'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acknowledged: number[] = [];
    let buffer = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ok ')) acknowledged.push(Number(line.slice(3)));
        if (acknowledged.length >= 300 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);
    expect(acknowledged.length).toBeLessThan(1000);

    const reopened = new SqliteEventStore(path);
    const { events } = await reopened.readStream('durable');
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => i));
    const stored = new Set(events.map((e) => e.revision));
    expect(acknowledged.every((revision) => stored.has(revision))).toBe(true);
    await reopened.close();
  }, 60_000);
});
