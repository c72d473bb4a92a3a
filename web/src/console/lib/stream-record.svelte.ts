import type { EventEnvelope } from '@battlemap/events';
import type { HistoryCache } from '../offline/history-cache';
import type { ApiClient } from './api';
import type { ConsoleBoard } from './console-board.svelte';

/**
 * One stream (a project, a problem) as the person loaded it: its events, and the revision their
 * commands are checked against. Changes by others that arrive live afterwards are collected in
 * `newer` instead of silently moving that revision: the person sees them, then reloads. With no
 * network it is read from the device (the history kept there), so a command can still be checked and
 * queued on the revision it was kept at.
 */
export class StreamRecord {
  events = $state.raw<EventEnvelope[]>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  /** The last revision loaded; -1 for a stream with no events. */
  revision = $state<number | undefined>(undefined);
  newer = $state.raw<EventEnvelope[]>([]);

  readonly stream: string;
  #api: ApiClient;
  #cache: HistoryCache | undefined;

  constructor(api: ApiClient, stream: string, cache?: HistoryCache) {
    this.#api = api;
    this.stream = stream;
    this.#cache = cache;
  }

  async load(): Promise<void> {
    if (this.events.length === 0) this.status = 'loading';
    const answer = await this.#api.history(this.stream);
    let events: EventEnvelope[] | undefined;
    if (answer.ok) {
      events = answer.body.events;
      this.#cache?.save(this.stream, events);
    } else if (answer.status === 0) {
      events = this.#cache?.peek(this.stream) ?? (await this.#cache?.read(this.stream))?.events;
    }
    if (!events) {
      this.status = 'error';
      this.error = answer.ok ? null : answer.error.message;
      return;
    }
    this.events = events;
    this.revision = this.events.at(-1)?.revision ?? -1;
    this.newer = this.newer.filter((e) => e.revision > this.revision!);
    this.status = 'ready';
    this.error = null;
  }

  /** Collects live events of this stream past the loaded revision; returns the unsubscription. */
  watch(board: ConsoleBoard): () => void {
    return board.onEvents((envelopes) => {
      const mine = envelopes.filter((e) => e.stream === this.stream && this.revision !== undefined && e.revision > this.revision);
      if (mine.length > 0) this.newer = [...this.newer, ...mine];
    });
  }
}
