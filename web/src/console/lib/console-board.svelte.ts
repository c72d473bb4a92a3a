import { comparePositions, evolveBoard, type BoardState, type EventEnvelope } from '@battlemap/events';
import type { BoardFeed } from '../../lib/board-socket';

export type BoardConnection = 'connecting' | 'connected' | 'disconnected' | 'refused';

/** Readers are re-run at most this often, however fast events arrive. */
const NOTIFY_EVERY_MS = 200;

/**
 * The console's live copy of the whole board, folded from the /board socket with the same
 * evolveBoard as the server and the wallboard. The state is plain and mutated by the fold, so it
 * is never proxied: readers depend on `version`, which the `state` getter reads for them.
 */
export class ConsoleBoard implements BoardFeed {
  connection = $state<BoardConnection>('connecting');
  /** Bumped (throttled) whenever the folded state changed. */
  version = $state(0);
  /** Client time of the last snapshot, events or tick. */
  lastHeardAt = $state<number | null>(null);

  #state: BoardState | null = null;
  #position: string | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #listeners = new Set<(envelopes: EventEnvelope[]) => void>();
  #onRefused: (message: string) => void;

  constructor(onRefused: (message: string) => void) {
    this.#onRefused = onRefused;
  }

  /** The folded board, null before the first snapshot. Reading it makes the reader follow changes. */
  get state(): BoardState | null {
    void this.version;
    return this.#state;
  }

  get position(): string | null {
    return this.#position;
  }

  /** Envelopes as they are folded in: a project page watches for changes made by others. */
  onEvents(listener: (envelopes: EventEnvelope[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  connecting(): void {
    if (this.connection !== 'refused') this.connection = 'connecting';
  }

  connected(): void {
    this.connection = 'connected';
  }

  disconnected(): void {
    if (this.connection !== 'refused') this.connection = 'disconnected';
  }

  /** The console shows a restart as any other disconnection: its commands queue meanwhile. */
  restarting(): void {
    this.disconnected();
  }

  refused(message: string): void {
    this.connection = 'refused';
    this.#onRefused(message);
  }

  forgetPosition(): void {
    this.#position = null;
  }

  applySnapshot(position: string | null, state: BoardState): void {
    this.#state = state;
    this.#position = position;
    this.lastHeardAt = Date.now();
    this.#notify(true);
  }

  /**
   * The board kept on the device, shown until the server answers: never over a live one. The socket
   * then resumes after its position, so the console gets only what it missed.
   */
  restore(position: string | null, state: BoardState, heardAt: number): void {
    if (this.#state) return;
    this.#state = state;
    this.#position = position;
    this.lastHeardAt = heardAt;
    this.#notify(true);
  }

  applyEvents(envelopes: EventEnvelope[]): void {
    this.lastHeardAt = Date.now();
    if (!this.#state) return;
    const applied: EventEnvelope[] = [];
    for (const envelope of envelopes) {
      if (this.#position !== null && comparePositions(envelope.position, this.#position) <= 0) continue;
      this.#state = evolveBoard(this.#state, envelope);
      this.#position = envelope.position;
      applied.push(envelope);
    }
    if (applied.length === 0) return;
    for (const listener of this.#listeners) listener(applied);
    this.#notify();
  }

  ticked(): void {
    this.lastHeardAt = Date.now();
  }

  /** Forgets everything: a new session starts from a fresh snapshot. */
  reset(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#state = null;
    this.#position = null;
    this.connection = 'connecting';
    this.lastHeardAt = null;
    this.version++;
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#listeners.clear();
  }

  #notify(now = false): void {
    if (now) {
      if (this.#timer) clearTimeout(this.#timer);
      this.#timer = null;
      this.version++;
      return;
    }
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.version++;
    }, NOTIFY_EVERY_MS);
  }
}
