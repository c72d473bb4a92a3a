import { io, type Socket } from 'socket.io-client';
import type { PrefetchedBoard } from './prefetch';
import {
  handshakeRefusalOf,
  snapshotState,
  type BoardState,
  type ClientToServerEvents,
  type EventEnvelope,
  type ServerToClientEvents,
  type SnapshotForm,
  type SubscribeAck,
  type TokenRevocationReason,
} from '@battlemap/events';

/** What the socket feeds: the wallboard's BoardStore, or the console's board. */
export interface BoardFeed {
  readonly position: string | null;
  connecting(): void;
  connected(): void;
  disconnected(): void;
  /** The server refused the token (`reason` when it was revoked while the screen was open). */
  refused(message: string, reason?: TokenRevocationReason): void;
  forgetPosition(): void;
  applySnapshot(position: string | null, state: BoardState): void;
  applyEvents(envelopes: EventEnvelope[]): void;
  ticked(serverNow: string): void;
  /** The server is shutting down on purpose (重启中); it disconnects next and the socket reconnects. */
  restarting(): void;
}

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BoardConnection {
  token: string;
  /** Subscription filter; omitted when the screen rotates through views and folds the whole city. */
  region?: string;
  taskForce?: string;
  /**
   * The board the page asked for over HTTP before its socket was up (GET /api/board/snapshot): painted as
   * soon as it is in, and the first subscription continues after its position instead of asking for a snapshot.
   */
  prefetched?: Promise<PrefetchedBoard | null> | null;
  /** What a snapshot should hold (SNAPSHOT_FORMS): a live wallboard asks for the screen form; absent, the whole state. */
  snapshotForm?: SnapshotForm;
}

export const REFUSED_MESSAGE = '大屏令牌无效或已停用';

const RETRY_MS = 5_000;
/** How long the first subscription waits for the board the page asked for over HTTP. */
const PREFETCH_WAIT_MS = 15_000;
/** When no frame comes (a hidden tab paints none), the held events are folded after this anyway. */
const PAINT_WAIT_MS = 100;

/** After the next paint: the board drawn from a snapshot is on screen before a backlog is folded. */
const nextPaint = () =>
  new Promise<void>((resolve) => {
    const fallback = setTimeout(resolve, PAINT_WAIT_MS);
    requestAnimationFrame(() => {
      clearTimeout(fallback);
      setTimeout(resolve, 0);
    });
  });

/** Browsers without DecompressionStream (older than 2023) get the plain snapshot. */
const canUnpack = () => typeof DecompressionStream === 'function';
/**
 * A refused screen tries its token again now and then (an account whose role is changed back to
 * screen makes it valid again), waiting twice as long after each refusal: a disabled screen left on
 * all night asks a handful of times, not every few seconds.
 */
const REFUSED_RETRY_MS = 60_000;
const REFUSED_RETRY_MAX_MS = 30 * 60_000;

/**
 * The one socket of the wallboard. It subscribes on every (re)connect with the last position the
 * store applied, feeds snapshots, events and ticks into the store, and reconnects after the server
 * drops it (socket.io only retries by itself after transport failures).
 */
export function connectBoard(store: BoardFeed, connection: BoardConnection): () => void {
  const socket: BoardSocket = io('/board', {
    auth: { token: connection.token },
    // WebSocket first: the snapshot then travels as one binary frame, where long-polling would send it as
    // base64 (a third more bytes, and a decode on the page's main thread before it can be unpacked).
    // Networks that block WebSockets still get polling: tryAllTransports falls back when it fails.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  /** Set by `revoked`: the disconnect that follows is not a fault to retry soon. */
  let revoked = false;
  let refusals = 0;
  /** Asks for the gzip snapshot (one shared encoding on the server, a fraction of the bytes on the wire). */
  let packed = canUnpack();
  /** The packed snapshot being unpacked, and the `events` batches that came after it meanwhile. */
  let unpacking: Promise<void> | null = null;
  let held: EventEnvelope[][] = [];
  /** The prefetched board, until the first connect has waited for it. */
  let prefetched = connection.prefetched ?? null;
  void prefetched?.then((board) => {
    // Unless a socket snapshot came first (the prefetch failed slowly and the socket asked for one).
    if (board && !closed && store.position === null && !unpacking) store.applySnapshot(board.position, board.state);
  });

  const later = (action: () => void, ms: number) => {
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      if (!closed) action();
    }, ms);
  };

  const retryRefused = () => {
    later(() => socket.connect(), Math.min(REFUSED_RETRY_MS * 2 ** refusals, REFUSED_RETRY_MAX_MS));
    refusals++;
  };

  const subscribe = () => {
    const request = {
      ...(store.position !== null ? { after: store.position } : {}),
      ...(connection.region ? { region: connection.region } : {}),
      ...(connection.taskForce ? { taskForce: connection.taskForce } : {}),
      ...(packed ? { snapshotEncoding: 'gzip' as const } : {}),
      ...(connection.snapshotForm ? { snapshotForm: connection.snapshotForm } : {}),
    };
    socket.timeout(15_000).emit('subscribe', request, (error: Error | null, answer?: SubscribeAck) => {
      if (closed || !socket.connected) return;
      if (error || !answer) return later(subscribe, RETRY_MS);
      if (answer.ok) return;
      if (answer.error === 'invalid_position') {
        store.forgetPosition();
        return later(subscribe, 0);
      }
      later(subscribe, RETRY_MS);
    });
  };

  socket.on('connect', () => {
    refusals = 0;
    revoked = false;
    // A snapshot still being unpacked belongs to the last subscription: the new one starts from the store.
    unpacking = null;
    held = [];
    store.connected();
    if (!prefetched) return subscribe();
    // The first subscription waits for the prefetched board (it then asks only for what came after it),
    // but not for ever: an answer that stalls leaves the socket to send the snapshot.
    const waiting = Promise.race([prefetched, new Promise((resolve) => setTimeout(resolve, PREFETCH_WAIT_MS))]);
    prefetched = null;
    void waiting.then(() => {
      if (!closed && socket.connected) subscribe();
    });
  });
  socket.on('snapshot', (message) => {
    held = [];
    if ('state' in message) {
      unpacking = null;
      store.applySnapshot(message.position, message.state);
      return;
    }
    const current: Promise<void> = snapshotState(message).then(
      async (state) => {
        if (unpacking !== current || closed) return;
        store.applySnapshot(message.position, state);
        // Painted from the snapshot first; then the events that came meanwhile, in order.
        await nextPaint();
        if (unpacking !== current || closed) return;
        unpacking = null;
        const batches = held;
        held = [];
        for (const batch of batches) store.applyEvents(batch);
      },
      () => {
        if (unpacking !== current || closed) return;
        // Bytes this browser cannot unpack: ask again, for the plain snapshot.
        unpacking = null;
        held = [];
        packed = false;
        store.forgetPosition();
        subscribe();
      },
    );
    unpacking = current;
  });
  socket.on('events', (envelopes) => {
    if (unpacking) held.push(envelopes);
    else store.applyEvents(envelopes);
  });
  socket.on('tick', (message) => store.ticked(message.now));
  socket.on('restarting', () => store.restarting());
  socket.on('revoked', (message) => {
    revoked = true;
    store.refused(message.message, message.reason);
  });
  socket.on('disconnect', (reason) => {
    store.disconnected();
    // "io server disconnect" and a refused handshake are the cases socket.io does not retry itself.
    if (reason !== 'io server disconnect') return;
    if (!revoked) return later(() => socket.connect(), RETRY_MS);
    revoked = false;
    retryRefused();
  });
  socket.on('connect_error', (error) => {
    if (socket.active) {
      store.disconnected();
      return;
    }
    if (handshakeRefusalOf(error as Error & { data?: unknown })) {
      store.refused(REFUSED_MESSAGE);
      retryRefused();
    } else {
      store.disconnected();
      later(() => socket.connect(), RETRY_MS);
    }
  });
  socket.io.on('reconnect_attempt', () => store.connecting());

  return () => {
    closed = true;
    if (retry) clearTimeout(retry);
    socket.removeAllListeners();
    socket.disconnect();
  };
}
