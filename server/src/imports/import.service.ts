import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Inject, Injectable } from '@nestjs/common';
import {
  type ImportReport,
  type LngLat,
  type ProjectAggregate,
  type ProjectCommand,
  type RegionMap,
  DomainError,
  assertInScope,
  comparePositions,
  pointInside,
  projectDecider,
  streams,
} from '@battlemap/events';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { AuthService } from '../auth/auth.service';
import { BoardService } from '../board/board.service';
import { CommandService } from '../commands/command.service';
import { loadState } from '../commands/load-state';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../store/store.tokens';
import { type Outcome, type Plan, type PlanContext, type PlannedCommand, type PlannedRow, planProgress, planProjects } from './import-plan';
import { type RowError, readProgressRows, readProjectRows } from './ledger-rows';
import { readSheet } from './sheet-reader';
import { storeFaultOf } from '../store/store-faults';

export interface ImportOptions {
  dryRun: boolean;
  partial: boolean;
  /** For monthly figures without a 月份 column. */
  month?: string;
}

/** A row's commands, checked by their deciders, each with the Idempotency-Key it will be sent with. */
interface TriedRow {
  planned: PlannedRow;
  commands: (PlannedCommand & { idempotencyKey: string })[];
}

/**
 * A ledger in: read, map, plan against the board, try every command through its decider without
 * appending (the dry run), then, unless a row failed (or with `partial`, for the rows that passed),
 * send each through the one command handler with a deterministic Idempotency-Key, all in one unit of work.
 */
@Injectable()
export class ImportService {
  private map?: Promise<RegionMap>;

  constructor(
    private readonly commands: CommandService,
    private readonly board: BoardService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async importProjects(file: { buffer: Buffer; name: string }, actor: AuthenticatedActor, options: ImportOptions): Promise<ImportReport> {
    const read = readProjectRows(await readSheet(file.buffer, file.name));
    return this.run(planProjects(read, await this.context(actor)), read.rows.length, actor, options);
  }

  async importProgress(file: { buffer: Buffer; name: string }, actor: AuthenticatedActor, options: ImportOptions): Promise<ImportReport> {
    const read = readProgressRows(await readSheet(file.buffer, file.name));
    return this.run(planProgress(read, await this.context(actor), options.month), read.rows.length, actor, options);
  }

  private async run(plan: Plan, rowCount: number, actor: AuthenticatedActor, options: ImportOptions): Promise<ImportReport> {
    const errors = [...plan.errors];
    const tried: TriedRow[] = [];
    const breathe = breather();
    for (const planned of plan.rows) {
      await breathe();
      const result = await this.tryRow(planned, actor);
      if ('error' in result) errors.push(result.error);
      else tried.push(result);
    }
    errors.sort((a, b) => a.row - b.row);
    const write = !options.dryRun && (errors.length === 0 || options.partial);
    let last: string | undefined;
    if (write) {
      // One unit of work: a few durable transactions for the whole file instead of one per row.
      try {
        await this.commands.store.unitOfWork(async () => {
          for (const row of tried) {
            await breathe();
            try {
              last = (await this.writeRow(row, actor)) ?? last;
            } catch (error) {
              // Only a change made between the trial and the write lands here (another supervisor, the same minute).
              if (!(error instanceof DomainError)) throw error;
              errors.push({ row: row.planned.row, column: '', message: error.message });
            }
          }
        });
      } catch (error) {
        throw interrupted(error);
      }
      if (last) await this.boardAt(last);
    }
    const count = (outcome: Outcome) => tried.filter((t) => t.planned.outcome === outcome).length;
    return {
      rows: rowCount,
      created: count('created'),
      amended: count('amended'),
      unchanged: count('unchanged'),
      errors,
      placed: tried.filter((t) => t.planned.placed).map((t) => t.planned.row),
      dryRun: options.dryRun,
      written: write,
    };
  }

  /** Fold the project's stream and decide each command in turn, appending nothing. */
  private async tryRow(planned: PlannedRow, actor: AuthenticatedActor): Promise<TriedRow | { error: RowError }> {
    if (planned.commands.length === 0) return { planned, commands: [] };
    const stream = streams.project(planned.projectId);
    let { state, revision } = await loadState<ProjectAggregate>(this.commands.store, stream, projectDecider);
    const commands: TriedRow['commands'] = [];
    for (const planned_ of planned.commands) {
      try {
        if (state.status !== 'none') assertInScope(actor, state);
        const events = projectDecider.decide({ ...planned_.command, meta: { today: this.commands.today() } } as ProjectCommand, state);
        // The key names the project, the change and the revision it applies to: the same file against
        // the same board sends the same keys (a retry appends nothing), and a later edit back and forth gets new ones.
        const idempotencyKey = `ledger-${sha256(JSON.stringify([planned.projectId, revision, planned_.command])).slice(0, 40)}`;
        commands.push({ ...planned_, idempotencyKey });
        state = events.reduce(projectDecider.evolve, state);
        revision += events.length;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return { error: { row: planned.row, column: planned_.column, message: error.message } };
      }
    }
    return { planned, commands };
  }

  private async writeRow(row: TriedRow, actor: AuthenticatedActor): Promise<string | undefined> {
    let position: string | undefined;
    for (const { command, occurredOn, idempotencyKey } of row.commands) {
      const result = await this.commands.execute(streams.project(row.planned.projectId), projectDecider, command, {
        actor,
        idempotencyKey,
        occurredOn,
        guard: (state: ProjectAggregate) => {
          if (state.status !== 'none') assertInScope(actor, state);
        },
      });
      position = result.position;
    }
    return position;
  }

  /** Answer once the board shows what was written: a re-import right after must see it. */
  private async boardAt(position: string): Promise<void> {
    const until = Date.now() + 30_000;
    while (Date.now() < until) {
      const at = this.board.live.position;
      if (at !== null && comparePositions(at, position) >= 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async context(actor: AuthenticatedActor): Promise<PlanContext> {
    const map = await (this.map ??= readFile(this.config.mapPath, 'utf8').then((text) => JSON.parse(text) as RegionMap));
    const state = this.board.live.state;
    return {
      actor,
      today: this.commands.today(),
      board: state,
      people: this.auth
        .listAccounts()
        .filter((a) => a.role !== 'screen')
        .map((a) => ({ id: a.username, name: a.displayName })),
      place: (regionId: string, seed: number): LngLat | undefined => {
        const name = state.regions[regionId]?.name;
        const feature = name ? map.features.find((f) => f.properties.name === name) : undefined;
        return feature ? pointInside(feature.geometry, seed) : undefined;
      },
    };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** An import the store stopped midway: the unit of work commits every second, so a part may be written. */
class ImportInterruptedError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

const AFTER_INTERRUPTION =
  '前面的一部分行可能已经写入，其余没有写入。{remedy}重新导入同一个文件即可补齐：已写入的行记为“无变化”，缺的行会补上，不会重复。';

/** How long a big import works before it lets the event loop serve others (screens, requests) once. */
const BREATHE_EVERY_MS = 20;

/**
 * Reading and writing a row only awaits promises that are already settled (the store answers
 * synchronously underneath), so a 20,000-row import would hold the event loop for seconds: no screen
 * would get its events, no request an answer. The returned function yields to the event loop once
 * BREATHE_EVERY_MS have passed since it last did.
 */
function breather(): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < BREATHE_EVERY_MS) return;
    await new Promise((resolve) => setImmediate(resolve));
    since = performance.now();
  };
}

/** A full disk or an unreachable store, said as what it means for this import; any other error as it is. */
function interrupted(error: unknown): unknown {
  const fault = storeFaultOf(error);
  if (fault === 'disk_full') {
    return new ImportInterruptedError(
      507,
      'disk_full',
      `导入途中服务器磁盘已满，没有全部写入：${AFTER_INTERRUPTION.replace('{remedy}', '请联系运维清理磁盘空间后，')}`,
    );
  }
  if (fault === 'unavailable') {
    return new ImportInterruptedError(
      503,
      'store_unavailable',
      `导入途中事件存储暂时无法访问，没有全部写入：${AFTER_INTERRUPTION.replace('{remedy}', '请稍后')}`,
    );
  }
  return error;
}
