import { offlineDb, type SavedBoard } from './offline-db';

const KEY = 'last';
/** The fold changes with every event: the copy on the device is refreshed at most this often. */
const SAVE_EVERY_MS = 15_000;

interface BoardSource {
  readonly state: SavedBoard['state'] | null;
  readonly position: string | null;
  readonly lastHeardAt: number | null;
}

/**
 * The last board the console saw, on the device: opened with no network, the project list and
 * project pages show it (marked 离线·数据截至 …) instead of a spinner. One person's copy: another
 * person signing in on the same phone does not see it.
 */
export class BoardCache {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: { source: BoardSource; username: string } | null = null;
  #lastSavedAt = 0;

  async restore(username: string): Promise<SavedBoard | null> {
    const saved = await offlineDb()
      .then((db) => db.get('board', KEY))
      .catch(() => undefined);
    return saved && saved.username === username ? saved : null;
  }

  /** Saves now if it has not for a while (the first board of a session at once), else soon; `now` for a page being hidden. */
  save(source: BoardSource, username: string, now = false): void {
    this.#pending = { source, username };
    const wait = now ? 0 : this.#lastSavedAt + SAVE_EVERY_MS - Date.now();
    if (wait <= 0) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), wait);
  }

  async clear(): Promise<void> {
    this.#cancel();
    await offlineDb()
      .then((db) => db.delete('board', KEY))
      .catch(() => undefined);
  }

  #flush(): void {
    const pending = this.#pending;
    this.#cancel();
    const state = pending?.source.state;
    if (!pending || !state) return;
    this.#lastSavedAt = Date.now();
    // put() copies the state as it is now; the fold goes on mutating the live one.
    const saved: SavedBoard = {
      username: pending.username,
      position: pending.source.position,
      state,
      heardAt: pending.source.lastHeardAt ?? Date.now(),
    };
    void offlineDb()
      .then((db) => db.put('board', saved, KEY))
      .catch(() => undefined);
  }

  #cancel(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
