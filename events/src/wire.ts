import type { EventEnvelope } from './envelope';
import type { BoardState } from './board/state';

/**
 * The socket.io contract of namespace `/board`, declared once and used as type arguments on both
 * ends (`Server<ClientToServerEvents, ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>`).
 * Handshake: `auth: { token }` (a screen token is fine).
 */
export interface SubscribeRequest {
  /** The last position this client applied; the server sends exactly what came after. */
  after?: string;
  region?: string;
  taskForce?: string;
}

export type SubscribeAck =
  | { ok: true; position: string | null; snapshot: boolean }
  | { ok: false; error: string; message: string };

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
