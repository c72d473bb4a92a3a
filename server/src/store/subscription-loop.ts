import { RecordedEvent, SubscribeAllOptions, Subscription, SubscriptionHandler, matchesFilter } from './event-store.port';
import { backoffMs, sleep } from './backoff';

/** What one read of a subscription's source looked at. */
export interface SourceBatch {
  /** Events after the read's `after`, in position order: every one up to `through` that may match the filter. */
  events: RecordedEvent[];
  /**
   * The last position the read looked at (at or past its last event: a source that filters may pass over
   * positions it did not return); null when there was nothing after `after`, that is, caught up.
   */
  through: string | null;
}

export interface SubscriptionSource {
  /** What comes strictly after `after` (null: from the start). */
  readBatch(after: string | null): Promise<SourceBatch>;
  /** Resolves when more may have been appended (or after a while, or on abort). */
  waitForMore(signal: AbortSignal): Promise<void>;
}

/**
 * Catch-up then live, in position order, over any source that can read a batch after a position.
 * On an error (from the source or the handler) it waits with backoff and resumes from the last
 * position the handler applied, so nothing is skipped and delivery is at least once.
 */
export function runSubscription(source: SubscriptionSource, options: SubscribeAllOptions, handler: SubscriptionHandler): Subscription {
  const abort = new AbortController();
  const signal = abort.signal;
  const filter = options.filter;
  let last: string | null = options.after ?? null;
  /** `last` as a BigInt, parsed once; undefined until the first batch (a bad `after` fails there, as onError). */
  let lastValue: bigint | null | undefined;
  let caughtUp = false;
  let failures = 0;

  /**
   * Reads one batch and delivers it: `empty` when there was nothing after `last`. A function of its own
   * so no reference to the batch outlives it: an async frame keeps its registers while it waits, and a
   * spent batch kept alive across the next read would be promoted to the old generation (major GCs).
   */
  const step = async (): Promise<'empty' | 'delivered' | 'aborted'> => {
    const { events: batch, through } = await source.readBatch(last);
    if (signal.aborted) return 'aborted';
    if (through === null) return 'empty';
    if (lastValue === undefined) lastValue = last === null ? null : BigInt(last);
    for (let i = 0; i < batch.length; i++) {
      if (signal.aborted) return 'aborted';
      const event = batch[i];
      // Same order as comparePositions (BigInt), parsing each position once.
      const value = BigInt(event.position);
      if (lastValue !== null && value <= lastValue) continue;
      if (matchesFilter(event, filter)) {
        const applied = handler.onEvent(event);
        if (applied) await applied;
      }
      last = event.position;
      lastValue = value;
    }
    // Past the positions the source passed over (none of them matches the filter).
    const passed = BigInt(through);
    if (lastValue === null || passed > lastValue) {
      last = through;
      lastValue = passed;
    }
    return 'delivered';
  };

  const loop = async () => {
    while (!signal.aborted) {
      try {
        const outcome = await step();
        if (outcome === 'aborted') return;
        if (outcome === 'empty') {
          if (!caughtUp) {
            caughtUp = true;
            handler.onCaughtUp?.(last);
          }
          await source.waitForMore(signal);
          continue;
        }
        failures = 0;
        // Let HTTP and sockets breathe between batches of a long catch-up.
        await new Promise<void>((resolve) => setImmediate(resolve));
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        handler.onError?.(error as Error);
        await sleep(backoffMs(failures + 1), signal);
      }
    }
  };
  const running = loop();
  return {
    close: async () => {
      abort.abort();
      await running;
    },
  };
}
