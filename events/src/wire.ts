import { z } from 'zod';
import type { EventEnvelope } from './envelope';
import type { BoardState } from './board/state';
import { entityId, eventPosition } from './catalogue/primitives';

/**
 * The socket.io contract of namespace `/board`, declared once and used as type arguments on both
 * ends (`Server<ClientToServerEvents, ServerToClientEvents>` and `Socket<ServerToClientEvents, ClientToServerEvents>`).
 * Handshake: `auth: { token }` (a screen token is fine); a refused token fails it with a
 * HandshakeRefusal as `connect_error.data`.
 */

/**
 * Packed snapshot encodings a client may ask for in `subscribe`. `gzip`: the board state as UTF-8 JSON,
 * gzipped (RFC 1952), sent as one binary attachment. The server writes that JSON in ASCII only (every
 * character above U+007E as a `\uXXXX` escape: the same values to any JSON parser), which a browser
 * turns into a string faster. The server encodes it once per position and the
 * same bytes go to every socket that asks (a plain `{position, state}` is serialised per socket).
 */
export const SNAPSHOT_ENCODINGS = ['gzip'] as const;
export type SnapshotEncoding = (typeof SNAPSHOT_ENCODINGS)[number];

/**
 * What a snapshot holds. `whole` (the default): the board state as the server folds it. `screen`: the
 * state as a live wallboard needs it from the server's today on (`screenForm`: no inspection counts, each
 * problem's steps from the last one taken before today), a quarter fewer bytes for a province. Events
 * fold into either, and a wallboard of any year selects the same view from either; a client that shows
 * anything of an earlier day (a light history, a replay, the console's visit counts) asks for the whole
 * state. Encoded once per position and form.
 */
export const SNAPSHOT_FORMS = ['whole', 'screen'] as const;
export type SnapshotForm = (typeof SNAPSHOT_FORMS)[number];

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
    /**
     * Asks for the snapshot in a packed form (SNAPSHOT_ENCODINGS) instead of `{position, state}`. An
     * encoding this server does not know reads as absent: an older server, or a newer client, still gets
     * a snapshot it can read.
     */
    snapshotEncoding: z.enum(SNAPSHOT_ENCODINGS).nullish().catch(undefined),
    /** What the snapshot holds (SNAPSHOT_FORMS); absent or unknown reads as `whole`. */
    snapshotForm: z.enum(SNAPSHOT_FORMS).nullish().catch(undefined),
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

/** The whole board at `position`: plain, or packed when the client asked for `snapshotEncoding`. */
export type SnapshotMessage = PlainSnapshotMessage | PackedSnapshotMessage;

export interface PlainSnapshotMessage {
  position: string | null;
  state: BoardState;
}

export interface PackedSnapshotMessage {
  position: string | null;
  encoding: SnapshotEncoding;
  /** A Buffer on Node, an ArrayBuffer in a browser. */
  bytes: ArrayBuffer | Uint8Array;
}

/**
 * The board state a snapshot carries. A packed one is unpacked with the platform's DecompressionStream
 * (browsers, Node ≥ 18): asynchronous, so a client folds the `events` that arrive meanwhile only after it.
 */
export async function snapshotState(message: SnapshotMessage): Promise<BoardState> {
  if ('state' in message) return message.state;
  // A copy that owns its own ArrayBuffer (a Node Buffer may be a view into a shared pool).
  const bytes = message.bytes instanceof Uint8Array ? message.bytes.slice() : new Uint8Array(message.bytes);
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream(message.encoding));
  // Into one buffer, then one decode: cheaper in Chromium than Response.text() over the stream's chunks
  // (a fast copy, as the server packs ASCII-only JSON).
  return JSON.parse(new TextDecoder().decode(await new Response(stream).arrayBuffer())) as BoardState;
}

export interface TickMessage {
  position: string | null;
  /** Server time, ISO 8601. */
  now: string;
}

/** Why a token stopped working while its socket was open. */
export type TokenRevocationReason = 'disabled' | 'logout' | 'role_changed' | 'password_reset' | 'expired';

const REVOCATION_MESSAGES: Record<TokenRevocationReason, string> = {
  disabled: '此账号已被管理员停用',
  logout: '此令牌已退出登录',
  role_changed: '此账号的角色已变更，原令牌失效',
  password_reset: '此账号的密码已重置，原令牌失效',
  expired: '此令牌已过期',
};

/**
 * Sent to a socket whose token was just revoked, right before the server disconnects it, so the
 * screen can say why instead of reconnecting for ever.
 */
export interface RevokedMessage {
  reason: TokenRevocationReason;
  /** In Chinese, for the person in front of the screen. */
  message: string;
}

export function revokedMessage(reason: TokenRevocationReason): RevokedMessage {
  return { reason, message: REVOCATION_MESSAGES[reason] };
}

/**
 * `connect_error.data` when the handshake is refused for its token. An unknown token reads as
 * revoked, so a refusal never tells whether a token ever existed. Any other connect_error is a
 * fault (network, server down) and worth retrying soon.
 */
export interface HandshakeRefusal {
  code: 'token_missing' | 'token_revoked';
  message: string;
}

const HANDSHAKE_REFUSALS: Record<HandshakeRefusal['code'], string> = {
  token_missing: '需要大屏令牌',
  token_revoked: '大屏令牌无效、已停用或已过期',
};

export function handshakeRefusal(code: HandshakeRefusal['code']): HandshakeRefusal {
  return { code, message: HANDSHAKE_REFUSALS[code] };
}

/** The refusal carried by a connect_error, or null when the handshake failed for another reason. */
export function handshakeRefusalOf(error: { data?: unknown }): HandshakeRefusal | null {
  const data = error.data as Partial<HandshakeRefusal> | null | undefined;
  const code = data?.code;
  return code !== undefined && Object.hasOwn(HANDSHAKE_REFUSALS, code) ? handshakeRefusal(code) : null;
}

/**
 * Sent to every socket when the server is shutting down on purpose (SIGTERM: an upgrade, a restart),
 * right before it disconnects them: the screen says so and reconnects with its position.
 */
export interface RestartingMessage {
  /** In Chinese, for the person in front of the screen. */
  message: string;
}

export const RESTARTING_MESSAGE: RestartingMessage = { message: '服务器重启中，稍后自动重连' };

export interface ServerToClientEvents {
  snapshot: (message: SnapshotMessage) => void;
  /** Strictly increasing positions, never skipping one the client should see. */
  events: (events: EventEnvelope[]) => void;
  tick: (message: TickMessage) => void;
  /** This socket's token no longer works; the server disconnects it next. */
  revoked: (message: RevokedMessage) => void;
  /** The server is shutting down on purpose; it disconnects this socket next. */
  restarting: (message: RestartingMessage) => void;
}

export interface ClientToServerEvents {
  subscribe: (request: SubscribeRequest, ack: (answer: SubscribeAck) => void) => void;
}

export const BOARD_NAMESPACE = '/board';
