import { type BoardState, RejectedError, StaleRevisionError, auditSealDecider, chinaMonth, streams } from '@battlemap/events';
import { SYSTEM_ACTOR } from '../auth/authenticated-actor';
import { CommandService } from '../commands/command.service';
import { AuditTrail } from './audit-trail';

/**
 * A month is sealed only this long after it ended: an event recorded just before midnight (or by a
 * node whose clock is a little behind) has reached the subscription by then, so the seal's "last event
 * of the month" is the last one.
 */
const GRACE_MS = 5 * 60_000;
/** How often the calendar is looked at, for a month that ends with no event after it. */
const CHECK_INTERVAL_MS = 60_000;

export interface AuditSealerOptions {
  clock?: () => number;
  graceMs?: number;
  checkIntervalMs?: number;
  onError?: (error: Error) => void;
}

/**
 * Seals each month once it has ended: an AuditSealed event in audit-seal-<YYYY-MM> holding the global
 * chain at the month's last recorded event and the digest of the board then. Start it once the live
 * board has caught up. Several nodes may run one: the stream's expected revision lets one seal through.
 */
export class AuditSealer {
  private readonly clock: () => number;
  private readonly graceMs: number;
  private readonly checkIntervalMs: number;
  private readonly onError: (error: Error) => void;
  private readonly tried = new Set<string>();
  private timer?: NodeJS.Timeout;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly trail: AuditTrail,
    private readonly board: () => BoardState,
    private readonly commands: CommandService,
    options: AuditSealerOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.graceMs = options.graceMs ?? GRACE_MS;
    this.checkIntervalMs = options.checkIntervalMs ?? CHECK_INTERVAL_MS;
    this.onError = options.onError ?? (() => undefined);
  }

  start(): void {
    this.trail.onMonthEnded = () => void this.run();
    this.timer = setInterval(() => void this.run(), this.checkIntervalMs);
    this.timer.unref();
    void this.run();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.trail.onMonthEnded = () => undefined;
    await this.running;
  }

  /** Seals every month that has ended (by the grace) and holds no seal yet; one run at a time. */
  run(): Promise<void> {
    this.running = this.running.then(() => this.sealEndedMonths());
    return this.running;
  }

  private async sealEndedMonths(): Promise<void> {
    const current = chinaMonth(this.clock() - this.graceMs);
    this.trail.closeMonthBefore(current, this.board());
    for (const [month, end] of this.trail.unsealedBefore(current)) {
      if (this.tried.has(month)) continue;
      this.tried.add(month);
      const { position, head, count, boardDigest } = end;
      try {
        await this.commands.execute(
          streams.auditSeal(month),
          auditSealDecider,
          { type: 'SealAuditMonth', data: { month, position, head, events: count, boardDigest } },
          { actor: SYSTEM_ACTOR },
        );
      } catch (error) {
        // Sealed already, by this node before a restart or by another node just now.
        if (error instanceof StaleRevisionError || (error instanceof RejectedError && error.code === 'month_sealed')) continue;
        this.tried.delete(month);
        this.onError(error as Error);
      }
    }
  }
}
