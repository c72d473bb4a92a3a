import { SCHEMA_VERSIONS, type EventType, chinaMonth, streams } from '@battlemap/events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { GENESIS_HASH, eventHash } from '../../server/src/commands/hash-chain';
import { SqliteEventStore } from '../../server/src/store/sqlite-event-store';

/**
 * A store with a long recorded history, written before the server first starts (as an import of old
 * records would be): places and task forces early in 2025, twenty projects signed in Q1, five started
 * on 1 April 2025, then `reports` progress reports through May–November 2025. Every event carries the
 * stream hash chain the command handler writes; the store's own clock stamps the recording times.
 */
export const HISTORY = {
  /** After the five starts. */
  afterStarts: Date.UTC(2025, 3, 15, 4),
  projects: 20,
  started: 5,
};

const ACTOR = { id: 'importer', name: '历史数据导入', role: 'admin' };

export async function writeHistory(dataDir: string, reports: number): Promise<number> {
  let now = Date.UTC(2025, 0, 2, 1);
  const store = new SqliteEventStore(join(dataDir, 'events.db'), () => now);
  const heads = new Map<string, { revision: number; hash: string }>();
  let written = 0;
  const append = async (stream: string, events: { type: EventType; data: unknown; occurredOn?: string }[]) => {
    const head = heads.get(stream) ?? { revision: -1, hash: GENESIS_HASH };
    const chained = events.map((event, i) => {
      const id = randomUUID();
      const meta: Record<string, unknown> = {
        actor: ACTOR,
        correlationId: randomUUID(),
        schema: SCHEMA_VERSIONS[event.type],
        prevHash: head.hash,
        ...(event.occurredOn && { occurredOn: event.occurredOn }),
      };
      head.hash = eventHash({ stream, revision: head.revision + 1 + i, id, type: event.type, data: event.data, meta }, head.hash);
      return { id, type: event.type, data: event.data, meta: { ...meta, hash: head.hash } };
    });
    await store.append(stream, chained, head.revision < 0 ? 'no_stream' : head.revision);
    head.revision += events.length;
    heads.set(stream, head);
    written += events.length;
  };
  const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

  for (const [regionId, name] of [
    ['r-a', '利州区'],
    ['r-b', '昭化区'],
  ])
    await append(streams.region(regionId), [{ type: 'RegionDefined', data: { regionId, name, kind: 'county' } }]);
  for (const [taskForceId, name] of [
    ['tf-a', '铝基新材料产业专班'],
    ['tf-b', '清洁能源产业专班'],
  ])
    await append(streams.taskForce(taskForceId), [
      { type: 'TaskForceFormed', data: { taskForceId, name, industry: name, chiefId: 'chief', leadUnit: '市经信局' } },
    ]);
  const ids = Array.from({ length: HISTORY.projects }, (_, i) => `h-${i + 1}`);
  for (const [i, projectId] of ids.entries()) {
    now = Date.UTC(2025, 0, 10 + i * 2, 2);
    const stageOn = day(now);
    await append(streams.project(projectId), [
      {
        type: 'ProjectRegistered',
        occurredOn: stageOn,
        data: {
          projectId,
          name: `历史项目${i + 1}`,
          taskForceId: i % 2 === 0 ? 'tf-a' : 'tf-b',
          regionId: i % 3 === 0 ? 'r-b' : 'r-a',
          owner: '广元某公司',
          kind: '新建',
          totalInvestment: 10_000 + i * 1_000,
          annualPlanInvestment: 3_000,
          location: [105.8 + i * 0.01, 32.4],
          stage: 'signed',
          stageOn,
        },
      },
    ]);
  }
  now = Date.UTC(2025, 3, 1, 2);
  for (const projectId of ids.slice(0, HISTORY.started)) {
    await append(streams.project(projectId), [
      { type: 'ProjectStageAdvanced', occurredOn: '2025-04-01', data: { projectId, from: 'signed', to: 'started', on: '2025-04-01' } },
    ]);
  }
  // The long tail: progress reports in chunks, each chunk a little later than the one before.
  const from = Date.UTC(2025, 4, 1);
  const span = Date.UTC(2025, 10, 30) - from;
  const chunk = 100;
  for (let done = 0; done < reports; done += chunk) {
    now = from + Math.floor((span * done) / reports);
    const projectId = ids[(done / chunk) % ids.length];
    const month = chinaMonth(now);
    await append(
      streams.project(projectId),
      Array.from({ length: Math.min(chunk, reports - done) }, (_, i) => ({
        type: 'ProgressReported' as const,
        data: { projectId, month, investment: 100 + i, progress: Math.min(100, 10 + (i % 80)) },
      })),
    );
  }
  await store.close();
  return written;
}
