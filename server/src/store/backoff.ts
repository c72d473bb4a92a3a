import { setTimeout as delay } from 'node:timers/promises';

const MAX_BACKOFF_MS = 5000;

/** How long to wait before the n-th retry (n ≥ 1): 100 ms doubling, at most 5 s. */
export function backoffMs(failures: number): number {
  return Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(Math.max(failures - 1, 0), 6));
}

/** Waits `ms`, or less when `signal` aborts; never throws. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}
