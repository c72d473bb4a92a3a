import { z } from 'zod';
import type { EventEnvelope } from './envelope';
import type { BoardState } from './board/state';
import { entityId, eventPosition } from './catalogue/primitives';

/**
 * The socket.io contract of namespace `/board`, declared once and used as type arguments on both
 * ends (`Server<ClientToServerEvents, ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>`).
 * Handshake: `auth: { token }` (a screen token is fine).
 */

/** No filter: absent, null or empty. */
const scopeFilter = z.union([entityId, z.literal('')]).nullish();

/**
 * The body of `subscribe`, as the server validates it. Unknown fields are ignored rather than refused
 * (unlike command bodies): a screen running a newer build must still get its board.
 */
export const SUBSCRIBE_REQUEST = z.object(
  {
    /** The last position this client applied; the server sends exactly what came after. */
    after: eventPosition.nullish(),
    region: scopeFilter,
    taskForce: scopeFilter,
  },
  { error: 'invalid_request' },
);

export type SubscribeRequest = z.input<typeof SUBSCRIBE_REQUEST>;

/** The server ticks every socket this often (and once on connect), so a screen knows it is still live. */
export const TICK_INTERVAL_MS = 5_000;

export type SubscribeAck = { ok: true; position: string | null; snapshot: boolean } | { ok: false; error: string; message: string };

/**
 * The ack for a `subscribe` body that failed SUBSCRIBE_REQUEST. A bad `after` alone has its own code:
 * the screen then drops its position and subscribes again for a snapshot.
 */
export function subscribeRefusal(error: z.ZodError): Extract<SubscribeAck, { ok: false }> {
  return error.issues.every((issue) => issue.path[0] === 'after')
    ? { ok: false, error: 'invalid_position', message: 'after 应为事件位置' }
    : { ok: false, error: 'invalid_request', message: '订阅参数不正确' };
}

export interface SnapshotMessage {
  position: string | null;
  state: BoardState;
}

export interface TickMessage {
  position: string | null;
  /** Server time, ISO 8601. */
  now: string;
}

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  /** Strictly increasing positions, never skipping one the client should see. */
  events: (events: EventEnvelope[]) => void;
  tick: (message: TickMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
}

export const BOARD_NAMESPACE = '/board';
