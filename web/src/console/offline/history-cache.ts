import type { EventEnvelope } from '@battlemap/events';
import type { ApiClient } from '../lib/api';
import { offlineDb } from './offline-db';

/** Streams fetched ahead, at most, when the board arrives: a supervisor's projects, not the whole city. */
const PREFETCH_LIMIT = 80;

/**
 * The histories of streams on this device: every stream a page loads is kept, those of the person's
 * projects are fetched ahead while online, and each follows the live board (an event that continues a
 * kept history is appended; one that skips a revision drops it, rather than keep a wrong one). Offline,
 * a project page checks commands against them and says which revision they are based on.
 */
export class HistoryCache {
  #memory = new Map<string, EventEnvelope[]>();
  #prefetching = false;
  #next: string[] | null = null;

  /** Reads what the device kept, so live events continue it from the start. */
  async load(): Promise<void> {
    const saved = await offlineDb()
      .then((db) => db.getAll('streams'))
      .catch(() => []);
    for (const { stream, events } of saved) if (!this.#memory.has(stream)) this.#memory.set(stream, events);
  }

  /** The kept history, if this page has read or loaded it. */
  peek(stream: string): EventEnvelope[] | undefined {
    return this.#memory.get(stream);
  }

  async read(stream: string): Promise<{ events: EventEnvelope[]; savedAt: number } | null> {
    const saved = await offlineDb()
      .then((db) => db.get('streams', stream))
      .catch(() => undefined);
    if (!saved) return null;
    this.#memory.set(stream, saved.events);
    return saved;
  }

  save(stream: string, events: EventEnvelope[]): void {
    this.#memory.set(stream, events);
    void offlineDb()
      .then((db) => db.put('streams', { stream, events, savedAt: Date.now() }))
      .catch(() => undefined);
  }

  /** Live events: continue the histories kept in memory, in order, or forget a history that missed one. */
  follow(envelopes: EventEnvelope[]): void {
    const touched = new Set<string>();
    for (const envelope of envelopes) {
      const kept = this.#memory.get(envelope.stream);
      if (!kept) continue;
      const last = kept.at(-1)?.revision ?? -1;
      if (envelope.revision <= last) continue;
      if (envelope.revision === last + 1) {
        this.#memory.set(envelope.stream, [...kept, envelope]);
        touched.add(envelope.stream);
      } else {
        this.#memory.delete(envelope.stream);
        touched.delete(envelope.stream);
        void offlineDb()
          .then((db) => db.delete('streams', envelope.stream))
          .catch(() => undefined);
      }
    }
    for (const stream of touched) this.save(stream, this.#memory.get(stream)!);
  }

  /** Fetches, one at a time, the histories not kept yet; stops at the first failure (offline again). */
  async prefetch(api: ApiClient, streams: string[]): Promise<void> {
    // Asked again while fetching (the person's list changed): the newest list is fetched after this one.
    if (this.#prefetching) {
      this.#next = streams;
      return;
    }
    this.#prefetching = true;
    try {
      for (const stream of streams.filter((s) => !this.#memory.has(s)).slice(0, PREFETCH_LIMIT)) {
        if (!navigator.onLine) return;
        const answer = await api.history(stream);
        if (!answer.ok) return;
        this.save(stream, answer.body.events);
      }
    } finally {
      this.#prefetching = false;
      const next = this.#next;
      this.#next = null;
      if (next) void this.prefetch(api, next);
    }
  }

  async clear(): Promise<void> {
    this.#memory.clear();
    await offlineDb()
      .then((db) => db.clear('streams'))
      .catch(() => undefined);
  }
}
