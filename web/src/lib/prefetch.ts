import type { BoardState } from '@battlemap/events';

/** The board's state as `GET /api/board/snapshot` answered it, and the position it holds. */
export interface PrefetchedBoard {
  position: string | null;
  state: BoardState;
}

let board: Promise<PrefetchedBoard | null> | null = null;
let map: Promise<Response | null> | null = null;

/**
 * The screen's first requests, made by the page's small entry script while the screen's code (the larger
 * part) still loads: the board's snapshot (the same shared bytes its socket would be sent, unpacked by the
 * browser off the page's thread, since the server sends them as gzip Content-Encoding) and the base map.
 * A province's snapshot is then in the page when the code that paints it starts, instead of being asked for
 * only once its socket is up. Any failure just leaves the socket to send the snapshot, as without this.
 */
export function prefetchBoard(token: string | null): void {
  if (!token || typeof fetch !== 'function') return;
  const headers = { Authorization: `Bearer ${token}` };
  // The screen form (what a live screen reads from today on), as the socket asks for it too.
  board = fetch('/api/board/snapshot?form=screen', { headers }).then(
    async (response) => {
      if (!response.ok) return null;
      mark('snapshot-answered');
      const position = response.headers.get('Board-Position') || null;
      // Into one buffer, then one decode (the server sends ASCII-only JSON: a fast copy): in Chromium,
      // cheaper than Response.text() over a province's 40 MB of unpacked chunks.
      const bytes = await response.arrayBuffer();
      mark('snapshot-received');
      const state = JSON.parse(new TextDecoder().decode(bytes)) as BoardState;
      mark('snapshot-parsed');
      return { position, state };
    },
    () => null,
  );
  // A failed or refused answer is the map loader's to read (it says 401 and retries itself).
  map = fetch('/api/map', { headers }).catch(() => null);
}

/** The prefetched board, once: a reconnecting socket later gets its snapshot (or its backlog) itself. */
export function takePrefetchedBoard(): Promise<PrefetchedBoard | null> | null {
  const taken = board;
  board = null;
  return taken;
}

/** The prefetched map answer, once. */
export function takePrefetchedMap(): Promise<Response | null> | null {
  const taken = map;
  map = null;
  return taken;
}

/**
 * A User Timing mark on the way to the first paint (`battlemap:<step>`, seen in DevTools' Performance
 * panel and read by `npm run bench:browser`): the snapshot's answer, its body, its parse, the code's start,
 * the first view.
 */
export function mark(step: string): void {
  if (typeof performance?.mark === 'function') performance.mark(`battlemap:${step}`);
}
