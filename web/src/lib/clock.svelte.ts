/**
 * The screen's sense of time: ticks once a second, and corrects itself to the server's clock
 * (command-room PCs drift, and "N秒前更新" must not lie because of it).
 */
export class Clock {
  /** Client time in ms, refreshed every second. */
  now = $state(Date.now());
  /** Server time minus client time, ms. */
  offset = $state(0);
  #timer: ReturnType<typeof setInterval> | null = null;

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.tick(), 1000);
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  tick(): void {
    this.now = Date.now();
  }

  /** Called with the server's ISO time from a `tick`. Small jitter is ignored so the clock never stutters. */
  correct(serverIso: string): void {
    const server = Date.parse(serverIso);
    if (!Number.isFinite(server)) return;
    const offset = server - Date.now();
    if (Math.abs(offset - this.offset) > 1500) this.offset = offset;
  }

  /** Best estimate of the real time (server clock), ms. */
  get trueNow(): number {
    return this.now + this.offset;
  }
}
