import { io, type Socket } from 'socket.io-client';
import type { BoardState, ClientToServerEvents, EventEnvelope, ServerToClientEvents, SubscribeAck } from '@battlemap/events';

/** What the socket feeds: the wallboard's BoardStore, or the console's board. */
export interface BoardFeed {
  readonly position: string | null;
  connecting(): void;
  connected(): void;
  disconnected(): void;
  refused(message: string): void;
  forgetPosition(): void;
  applySnapshot(position: string | null, state: BoardState): void;
  applyEvents(envelopes: EventEnvelope[]): void;
  ticked(serverNow: string): void;
}

type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BoardConnection {
  token: string;
  /** Subscription filter; omitted when the screen rotates through views and folds the whole city. */
  region?: string;
  taskForce?: string;
}

export const REFUSED_MESSAGE = '大屏令牌无效或已停用';

const RETRY_MS = 5_000;
/** A refused screen tries again now and then: a token may be re-issued without anyone touching the PC. */
const REFUSED_RETRY_MS = 60_000;

/** True when the server turned the handshake or subscription down for the token, not for a fault. */
export function isAuthRefusal(error: { message?: string; data?: unknown }): boolean {
  const data = error.data as { code?: unknown; status?: unknown; error?: unknown } | undefined;
  const text = [error.message, data?.code, data?.status, data?.error].map((v) => String(v ?? '')).join(' ');
  return /unauthori[sz]ed|forbidden|invalid[_ ]token|token|auth|401|403/i.test(text);
}

/**
 * The one socket of the wallboard. It subscribes on every (re)connect with the last position the
 * store applied, feeds snapshots, events and ticks into the store, and reconnects after the server
 * drops it (socket.io only retries by itself after transport failures).
 */
export function connectBoard(store: BoardFeed, connection: BoardConnection): () => void {
  const socket: BoardSocket = io('/board', {
    auth: { token: connection.token },
    reconnectionDelay: 1_000,
    reconnectionDelayMax: 10_000,
  });
  let retry: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const later = (action: () => void, ms: number) => {
    if (retry) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      if (!closed) action();
    }, ms);
  };

  const subscribe = () => {
    const request = {
      ...(store.position !== null ? { after: store.position } : {}),
      ...(connection.region ? { region: connection.region } : {}),
      ...(connection.taskForce ? { taskForce: connection.taskForce } : {}),
    };
    socket.timeout(15_000).emit('subscribe', request, (error: Error | null, answer?: SubscribeAck) => {
      if (closed || !socket.connected) return;
      if (error || !answer) return later(subscribe, RETRY_MS);
      if (answer.ok) return;
      if (answer.error === 'invalid_position') {
        store.forgetPosition();
        return later(subscribe, 0);
      }
      if (isAuthRefusal({ message: answer.error, data: answer })) {
        store.refused(answer.message || REFUSED_MESSAGE);
        socket.disconnect();
        later(() => socket.connect(), REFUSED_RETRY_MS);
      } else {
        later(subscribe, RETRY_MS);
      }
    });
  };

  socket.on('connect', () => {
    store.connected();
    subscribe();
  });
  socket.on('snapshot', (message) => store.applySnapshot(message.position, message.state));
  socket.on('events', (envelopes) => store.applyEvents(envelopes));
  socket.on('tick', (message) => store.ticked(message.now));
  socket.on('disconnect', (reason) => {
    store.disconnected();
    // "io server disconnect" and a refused handshake are the cases socket.io does not retry itself.
    if (reason === 'io server disconnect') later(() => socket.connect(), RETRY_MS);
  });
  socket.on('connect_error', (error) => {
    if (socket.active) {
      store.disconnected();
      return;
    }
    if (isAuthRefusal(error as Error & { data?: unknown })) {
      store.refused(REFUSED_MESSAGE);
      later(() => socket.connect(), REFUSED_RETRY_MS);
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
