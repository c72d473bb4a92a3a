import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BoardState, chinaDay, selectBoardView, yearOf } from '@battlemap/events';
import { AppConfig } from '../config/config';
import { EventStore } from '../store/event-store.port';
import { APP_CONFIG, EVENT_STORE } from '../store/store.tokens';
import { BoardSnapshots } from './board-snapshots';
import { openBoardSnapshots } from './snapshot-settings';
import { LiveBoard, replayBoard } from './live-board';

export interface BoardQuery {
  year?: number;
  region?: string;
  taskForce?: string;
  /** Replay: the board as recorded at this instant (UTC ms). */
  at?: number;
  /** Replay in business time: what is now known (or was known at `at`) to have been true on this day. */
  on?: string;
}

/** Owns the live projection for the process; the gateway and the queries read it. */
@Injectable()
export class BoardService implements OnApplicationShutdown {
  private readonly logger = new Logger('BoardService');
  readonly live: LiveBoard;
  /** Board snapshots beside the store (null: off, or a store with no file to sit beside). */
  readonly snapshots: BoardSnapshots | null;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.snapshots = openBoardSnapshots(config);
    this.live = new LiveBoard(store, undefined, this.snapshots);
    this.live.onError = (error) => this.logger.warn(`board subscription error, resubscribing: ${error.message}`);
  }

  start(): Promise<void> {
    this.live.start();
    void this.live.backfilled.then((outcome) => {
      if (outcome) this.logger.log(`board: ${outcome.written} snapshots filled in on another thread in ${Math.round(outcome.ms)} ms`);
    });
    return this.live.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    // A snapshot at the head, so that the next start folds nothing after it.
    this.live.snapshotNow();
    await this.live.stop();
    this.snapshots?.close();
  }

  /** One line on how the board started (from a snapshot or from the whole log), once it has caught up. */
  startNote(): string | null {
    const report = this.live.startReport;
    if (!report) return null;
    const how =
      report.snapshotPosition === null
        ? `from the whole log (${report.folded} events)`
        : `from the snapshot at position ${report.snapshotPosition} and ${report.folded} events after it`;
    const ahead = report.checkedAhead > 0 ? `, ${report.checkedAhead} of them checked ahead on another thread` : '';
    return `board: started ${how}${ahead} in ${Math.round(report.ms)} ms${this.snapshots ? ` (snapshots: ${this.snapshots.path})` : ''}`;
  }

  async view(query: BoardQuery, now = Date.now()) {
    const { at, on } = query;
    const replay = at !== undefined || on !== undefined;
    const state: BoardState = replay ? await replayBoard(this.store, { at, on }, this.snapshots) : this.live.state;
    // Lights, overdue problems and the year are judged on the business day the view is about.
    const today = on ?? chinaDay(at ?? now);
    return selectBoardView(state, {
      year: query.year ?? yearOf(today),
      today,
      asOf: at !== undefined || on === undefined ? new Date(at ?? now).toISOString() : endOfChinaDay(on),
      region: query.region,
      taskForce: query.taskForce,
    });
  }
}

/** The last instant of a day in China time (UTC+8, no daylight saving), as ISO 8601. */
function endOfChinaDay(day: string): string {
  return new Date(Date.parse(`${day}T23:59:59.999+08:00`)).toISOString();
}
