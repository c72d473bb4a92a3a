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
  private readonly keeper: TimeKeeper;
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly board: BoardService,
  ) {
    const state = () => board.live.state;
    this.keeper = new TimeKeeper(store, this.ledger, state, this.clock, this.config.escalation);
    this.notifier = new Notifier(store, this.ledger, state, this.clock, this.config);
    board.live.alsoApply(this.ledger);
  }

  /** After the board has caught up: the first tick at once, then every tickMs. */
  start(): void {
    this.schedule(0);
  }

  /** A tick now (after the one running), e.g. after a test message is queued. */
  poke(): Promise<void> {
    return this.tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick().finally(() => this.schedule(this.config.tickMs)), ms);
  }

  private tick(): Promise<void> {
    this.running = this.running.then(async () => {
      if (this.stopped || !this.ledger.ready) return;
      try {
        await this.keeper.tick();
        await this.notifier.tick();
      } catch (error) {
        this.logger.error(`tick failed: ${(error as Error).message}`);
      }
    });
    return this.running;
  }
}
