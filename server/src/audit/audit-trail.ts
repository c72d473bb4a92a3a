import { type BoardState, comparePositions } from '@battlemap/events';
import type { Projection } from '../board/live-board';
import { RecordedEvent } from '../store/event-store.port';
import { AuditKey } from './audit-key';
import { boardDigest } from './board-digest';
import { CheckpointFile } from './checkpoint-file';
import { Checkpoint, GlobalChain, MonthEnd, recordedMonth } from './global-chain';

/** The checkpoint is written at most this often (and at shutdown). */
const WRITE_INTERVAL_MS = 1000;
/**
 * And no sooner than this many times the last write took: a big checkpoint written while events pour
 * in must not take more than a twentieth of the event loop from the screens.
 */
const WRITE_SPACING = 20;

export interface AuditTrailOptions {
  /** Where the checkpoint is kept; null keeps it in memory only (a store in memory). */
  file: CheckpointFile | null;
  /** The checkpoint loaded at start, or null to start a new one. */
  checkpoint: Checkpoint | null;
  /** The store's head at start: where a new checkpoint begins to vouch for it. */
  storeHead: string | null;
  writeIntervalMs?: number;
  onError?: (error: Error) => void;
}

/**
 * The global chain as a projection of the live board's subscription, persisted outside the store.
 * Resumed from its checkpoint, it never re-folds the events the checkpoint already covers: what it
 * recorded is the evidence, and a store edited while the server was down must not overwrite it.
 */
export class AuditTrail implements Projection {
  private readonly chain: GlobalChain;
  private readonly file: CheckpointFile | null;
  private readonly sealed = new Set<string>();
  private readonly writeIntervalMs: number;
  private readonly onError: (error: Error) => void;
  private dirty = false;
  private timer?: NodeJS.Timeout;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private nextInterval: number;
  /** The write in the background under way. */
  private writing?: Promise<void>;
  /** Counts the writes begun: a background write renames its file only if none began after it. */
  private generation = 0;
  private lastSeen: string | null = null;
  private warnedBehind = false;
  /** Lines worth printing at start (what the checkpoint is, and anything wrong with it). */
  readonly notes: string[] = [];
  /** Called when a month's end has been recorded (the sealer may have work). */
  onMonthEnded: () => void = () => undefined;
  readonly snapshotName = 'audit';

  constructor(key: AuditKey, options: AuditTrailOptions) {
    this.file = options.file;
    this.writeIntervalMs = options.writeIntervalMs ?? WRITE_INTERVAL_MS;
    this.nextInterval = this.writeIntervalMs;
    this.onError = options.onError ?? (() => undefined);
    const where = this.file?.path ?? 'memory';
    if (options.checkpoint) {
      this.chain = GlobalChain.resume(key, options.checkpoint);
      // Rewritten in the current layout, whose stream heads the next start decodes only when needed.
      if (this.file?.firstLayout) this.schedule();
      this.notes.push(`audit checkpoint: ${where} (position ${options.checkpoint.position ?? 'none'}, ${options.checkpoint.count} events)`);
    } else {
      this.chain = GlobalChain.start(key, options.storeHead);
      this.notes.push(
        options.storeHead === null
          ? `audit checkpoint: ${where} (new)`
          : `audit checkpoint: none at ${where}; a new one vouches for the store as it is now (position ${options.storeHead}). Restore the old one from its backup if there was one`,
      );
    }
  }

  /** It reads the board (a month's end) only at an event new to the chain: after the chain's position. */
  readsBoardAfter(): string | null {
    return this.chain.position;
  }

  beforeApply(event: RecordedEvent, board: BoardState): void {
    if (!this.chain.isNew(event)) return;
    const [current, month] = [this.chain.month, recordedMonth(event)];
    if (current === null || month === null || month <= current) return;
    if (this.chain.endMonth(() => boardDigest(board))) this.onMonthEnded();
  }

  /** The months sealed so far go into the board's snapshots; the chain has its own checkpoint. */
  save(): string[] {
    return [...this.sealed];
  }

  restore(saved: unknown, position: string): void {
    for (const month of (saved as string[] | undefined) ?? []) this.sealed.add(month);
    this.lastSeen = position;
  }

  /**
   * Only from a snapshot the chain has already passed: the events before it are then not new to the
   * chain, and every month end after it is judged on the board folded from the snapshot.
   */
  canResumeAt(position: string): boolean {
    const chained = this.chain.position;
    return chained !== null && comparePositions(chained, position) >= 0;
  }

  apply(event: RecordedEvent): void {
    this.lastSeen = event.position;
    if (event.type === 'AuditSealed') this.sealed.add((event.data as { month: string }).month);
    if (!this.chain.isNew(event)) return;
    this.chain.apply(event);
    this.schedule();
  }

  caughtUp(): void {
    const position = this.chain.position;
    if (this.warnedBehind || position === null) return;
    if (this.lastSeen === null || comparePositions(this.lastSeen, position) < 0) {
      this.warnedBehind = true;
      this.notes.push(
        `warning: the store ends at position ${this.lastSeen ?? 'none'}, before the audit checkpoint's ${position}: events were removed, or the store was restored from a backup; GET /api/audit/verify names them`,
      );
    }
  }

  /**
   * Ends the month of the newest event when the calendar is past it with no event since (a quiet month
   * end). `board` must be the live board, which has folded exactly what the chain has.
   */
  closeMonthBefore(month: string, board: BoardState): void {
    const current = this.chain.month;
    if (current === null || current >= month || board.position !== this.chain.position) return;
    if (this.chain.endMonth(() => boardDigest(board))) this.schedule();
  }

  /** Ended months before `month` that hold no seal yet, oldest first. */
  unsealedBefore(month: string): [string, MonthEnd][] {
    return this.chain.endedMonths().filter(([m]) => m < month && !this.sealed.has(m));
  }

  snapshot(): Checkpoint {
    return this.chain.snapshot();
  }

  /**
   * Writes the checkpoint now, on the event loop, if anything changed since the last write (the
   * shutdown, after `settled()`). A write in the background still under way is dropped, not renamed
   * over this newer one.
   */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.dirty || !this.file) return;
    this.generation += 1;
    const started = performance.now();
    try {
      this.file.save(this.chain.snapshot());
      this.dirty = false;
      this.lastWrite = Date.now();
      this.nextInterval = Math.max(this.writeIntervalMs, WRITE_SPACING * (performance.now() - started));
    } catch (error) {
      this.onError(error as Error);
    }
  }

  /** Resolves once the write in the background under way (if any) is over. */
  async settled(): Promise<void> {
    await this.writing;
  }

  /**
   * The timer's write: the text is made here, the write, sync and rename happen on the thread pool
   * (CheckpointFile.saveInBackground), so a slow disk never holds the screens' batches back. One at a
   * time; what changes meanwhile is written by the next.
   */
  private flushInBackground(): void {
    this.timer = undefined;
    if (!this.dirty || !this.file || this.writing) return;
    const generation = ++this.generation;
    const started = performance.now();
    const written = this.file.saveInBackground(this.chain.snapshot(), () => this.generation === generation);
    this.dirty = false;
    // The spacing counts what the event loop paid (the text and its MAC), not the disk's wait.
    const took = performance.now() - started;
    this.writing = written.then(
      () => {
        this.writing = undefined;
        this.lastWrite = Date.now();
        this.nextInterval = Math.max(this.writeIntervalMs, WRITE_SPACING * took);
        // What was folded while it was written.
        if (this.dirty) this.arm();
      },
      (error: Error) => {
        // Tried again with the next event folded (or at shutdown), as a write on the event loop was.
        this.writing = undefined;
        if (this.generation === generation) this.dirty = true;
        this.onError(error);
      },
    );
  }

  private schedule(): void {
    this.dirty = true;
    this.arm();
  }

  private arm(): void {
    if (!this.file || this.timer || this.writing) return;
    const wait = Math.max(0, this.lastWrite + this.nextInterval - Date.now());
    this.timer = setTimeout(() => this.flushInBackground(), wait);
    this.timer.unref();
  }
}
