import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BoardState, chinaDay, selectBoardView, yearOf } from '@battlemap/events';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
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

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {
    this.live = new LiveBoard(store);
    this.live.onError = (error) => this.logger.warn(`board subscription error, resubscribing: ${error.message}`);
  }

  start(): Promise<void> {
    this.live.start();
    return this.live.ready;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.live.stop();
  }

  async view(query: BoardQuery, now = Date.now()) {
    const { at, on } = query;
    const replay = at !== undefined || on !== undefined;
    const state: BoardState = replay ? await replayBoard(this.store, { at, on }) : this.live.state;
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
