import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { BoardService } from '../board/board.service';
import type { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import { type Clock, clockFromEnv } from './clock';
import { Notifier } from './notifier';
import { type NotifyConfig, loadNotifyConfig } from './notify-config';
import { NotifyLedger } from './notify-ledger';
import { TimeKeeper } from './time-keeper';

/**
 * Runs the deadline manager, the light watcher and the notifier on a timer, one tick at a time, fed
 * by the live board's subscription (the ledger folds beside the board). Every node runs it: the store's
 * revisions, not an election, keep each fact and each send single.
 */
@Injectable()
export class NotifyService implements OnApplicationShutdown {
  private readonly logger = new Logger('NotifyService');
  readonly config: NotifyConfig = loadNotifyConfig();
  readonly clock: Clock = clockFromEnv();
  readonly ledger = new NotifyLedger();
  readonly notifier: Notifier;
  readonly keeper: TimeKeeper;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly board: BoardService,
  ) {
    const state = () => board.live.state;
    this.keeper = new TimeKeeper(store, this.ledger, state, this.clock, this.config.escalation, (message) => this.logger.warn(message));
    this.notifier = new Notifier(store, this.ledger, state, this.clock, this.config);
    board.live.alsoApply(this.ledger);
  }

  /**
   * Before the server serves: one tick over the board caught up with the whole store (the demo
   * included), and its facts folded back in, so no screen or query sees a board with today's facts
   * still pending and a restart on the same day finds nothing left to record. Then every tickMs.
   */
  async start(): Promise<{ facts: number; seconds: number }> {
    const started = performance.now();
    await this.caughtUpWithStore();
    await this.tick(false);
    await this.caughtUpWithStore();
    this.schedule(this.config.tickMs);
    return { facts: this.keeper.recorded, seconds: (performance.now() - started) / 1000 };
  }

  /** A tick now (after the one running), e.g. after a test message is queued. */
  poke(): Promise<void> {
    return this.tick(false);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.keeper.stop();
    clearTimeout(this.timer);
    await this.running;
  }

  private async caughtUpWithStore(): Promise<void> {
    const head = await this.store.headPosition();
    // Not once stopping: the board's subscription stops at shutdown, and this would wait for it forever.
    while (!this.stopped && head !== null && (this.board.live.position === null || BigInt(this.board.live.position) < BigInt(head))) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(true).finally(() => this.schedule(this.config.tickMs)), ms);
  }

  /** `paced`: the scheduled ticks, with screens watching, record their facts a few at a time (TimeKeeper). */
  private tick(paced: boolean): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped || !this.ledger.ready) return;
      try {
        // The day's facts (hundreds after a demo load or a long stop) go in a few durable transactions.
        await this.keeper.tick(paced);
        await this.notifier.tick();
      } catch (error) {
        this.logger.error(`tick failed: ${(error as Error).message}`);
      }
    });
    return this.running;
  }
}
