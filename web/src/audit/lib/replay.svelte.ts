import { chinaDay, type BoardViewDetail, type EventEnvelope } from '@battlemap/events';
import type { ApiClient } from '../../console/lib/api';
import { queryString } from './route';

export type TimeMode = 'at' | 'on';

export const SPEEDS = [1, 10, 100, 1000] as const;
const TICK_MS = 250;

/**
 * The board as of the scrubbed moment: recorded time (`at`) or business time (`on`, the China-time
 * day of the moment). One request in flight at a time and the latest moment wins, so dragging the
 * scrubber or playing at 1000× never queues stale answers.
 */
export class Replay {
  mode = $state<TimeMode>('at');
  /** The first event's recording time, UTC ms. */
  firstRecorded = $state(Date.now());
  end = $state(Date.now());
  time = $state(Date.now());
  playing = $state(false);
  speed = $state<number>(100);
  view = $state.raw<BoardViewDetail | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  #api: ApiClient;
  #wanted: string | null = null;
  #inflight = false;
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async init(): Promise<void> {
    const first = await this.#api.request<{ events: EventEnvelope[] }>('GET', '/api/events?limit=1');
    const now = Date.now();
    if (first.ok && first.body.events[0]) this.firstRecorded = first.body.events[0].meta.recordedAt;
    this.end = now;
    this.time = now;
    this.#load();
  }

  /**
   * The scrubber's left end. Recorded time starts at the first event; business time reaches back to
   * 1 January of the year before it, as late entries (a whole year's history loaded at once) do.
   */
  get start(): number {
    if (this.mode === 'at') return this.firstRecorded;
    return Date.UTC(new Date(this.firstRecorded).getUTCFullYear() - 1, 0, 1);
  }

  /** The query of the board shown, for exports of "this board". */
  get query(): Record<string, string> {
    return this.mode === 'at' ? { at: String(Math.round(this.time)) } : { on: chinaDay(this.time) };
  }

  seek(time: number): void {
    this.time = Math.min(this.end, Math.max(this.start, time));
    this.#load();
  }

  setMode(mode: TimeMode): void {
    this.mode = mode;
    this.#load();
  }

  play(): void {
    if (this.playing) return;
    if (this.time >= this.end) this.time = this.start;
    this.playing = true;
    this.#timer = setInterval(() => {
      const next = this.time + TICK_MS * this.speed;
      this.seek(next);
      if (next >= this.end) this.pause();
    }, TICK_MS);
  }

  pause(): void {
    this.playing = false;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  dispose(): void {
    this.pause();
  }

  #load(): void {
    this.#wanted = queryString(this.query);
    if (!this.#inflight) void this.#drain();
  }

  async #drain(): Promise<void> {
    this.#inflight = true;
    this.loading = true;
    while (this.#wanted !== null) {
      const query = this.#wanted;
      this.#wanted = null;
      const answer = await this.#api.request<BoardViewDetail>('GET', `/api/board${query}`);
      if (answer.ok) {
        this.view = answer.body;
        this.error = null;
      } else {
        this.error = answer.error.message;
      }
    }
    this.#inflight = false;
    this.loading = false;
  }
}
