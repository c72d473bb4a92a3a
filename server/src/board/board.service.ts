import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BoardState, chinaDay, chinaYear, selectBoardView } from '@battlemap/events';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { LiveBoard, replayBoard } from './live-board';

export interface BoardQuery {
  year?: number;
  region?: string;
  taskForce?: string;
  /** Replay: the board as recorded at this instant (UTC ms). */
  at?: number;
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
    const instant = query.at ?? now;
    const state: BoardState = query.at === undefined ? this.live.state : await replayBoard(this.store, query.at);
    return selectBoardView(state, {
      year: query.year ?? chinaYear(instant),
      today: chinaDay(instant),
      asOf: new Date(instant).toISOString(),
      region: query.region,
      taskForce: query.taskForce,
    });
  }
}
