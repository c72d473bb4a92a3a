import { BeforeApplicationShutdown, Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  MessageBody,
  ConnectedSocket,
} from '@nestjs/websockets';
import {
  BOARD_NAMESPACE,
  ClientToServerEvents,
  EventEnvelope,
  RESTARTING_MESSAGE,
  SUBSCRIBE_REQUEST,
  ServerToClientEvents,
  SubscribeAck,
  type SnapshotEncoding,
  type SnapshotForm,
  SNAPSHOT_ENCODINGS,
  TICK_INTERVAL_MS,
  type HandshakeRefusal,
  handshakeRefusal,
  revokedMessage,
  subscribeRefusal,
} from '@battlemap/events';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, type RevocationNotice } from '../auth/auth.service';
import { metrics } from '../metrics/metrics';
import { EventStore } from '../store/event-store.port';
import { EVENT_STORE } from '../store/store.tokens';
import type { AuthenticatedActor } from '../auth/authenticated-actor';
import { BoardService } from './board.service';
import { SHARED_SNAPSHOT_REUSE, SharedSnapshots } from './shared-snapshots';

type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
interface SocketData {
  actor: AuthenticatedActor;
  token: string;
  scope?: { region?: string; taskForce?: string };
  /** The packed snapshot form this socket asked for (none: plain `{position, state}`). */
  snapshotEncoding?: SnapshotEncoding;
  /** What its snapshots hold (absent: the whole state). */
  snapshotForm?: SnapshotForm;
  /** Counts its subscribes: a packed snapshot still being made for an earlier one is not sent. */
  subscription?: number;
  /** Taken out of its room while its send buffer drains; gets a fresh snapshot after. */
  lagging?: boolean;
}

/** Packets a socket may have queued before it is dropped back to a snapshot. */
const MAX_BUFFERED_PACKETS = 200;
/** More missed events than this: a snapshot is cheaper than the backlog. */
const MAX_BACKLOG = 5000;

/** engine.io keeps unsent packets in `writeBuffer` (not in its typings): the measure of a slow reader. */
const bufferedPackets = (socket: BoardSocket) => (socket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length;

/** A refused handshake: the client reads the code from `connect_error.data`. */
function refusedHandshake(code: HandshakeRefusal['code']): Error & { data: HandshakeRefusal } {
  const data = handshakeRefusal(code);
  return Object.assign(new Error(`unauthorized: ${data.message}`), { data });
}

const roomOf = (scope: { region?: string; taskForce?: string }) => `scope:${scope.region ?? '*'}:${scope.taskForce ?? '*'}`;

/**
 * socket.io /board: a thin typed adapter over the live board. Handshake auth, `subscribe` with an ack,
 * a snapshot only when needed, then `events` batches in strictly increasing position, `tick` every TICK_INTERVAL_MS.
 */
// CORS, origins and message limits are set once, for every namespace, by BoardSocketAdapter.
@WebSocketGateway({ namespace: BOARD_NAMESPACE })
export class BoardGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('BoardGateway');
  private namespace!: Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private timer?: NodeJS.Timeout;
  private unsubscribe: Array<() => void> = [];
  /** Once per stop: at its start (drain.ts), or at shutdown when the stop did not come by a signal. */
  private restartAnnounced = false;

  constructor(
    private readonly board: BoardService,
    private readonly auth: AuthService,
    private readonly snapshots: SharedSnapshots,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  afterInit(namespace: Namespace): void {
    this.namespace = namespace as typeof this.namespace;
    this.namespace.use((socket, next) => {
      // `auth.token` only: a token in the handshake's query string would sit in proxies' access logs.
      const token = (socket.handshake.auth as { token?: unknown })?.token;
      if (typeof token !== 'string' || token === '') return next(refusedHandshake('token_missing'));
      const actor = this.auth.authenticate(token);
      if (!actor) return next(refusedHandshake('token_revoked'));
      socket.data = { actor, token };
      next();
    });
    this.unsubscribe.push(this.board.live.onBatch((batch) => this.broadcast(batch)));
    this.unsubscribe.push(this.auth.onRevoked((notice) => this.dropRevoked(notice)));
    this.timer = setInterval(() => void this.tick(), TICK_INTERVAL_MS);
  }

  handleConnection(socket: BoardSocket): void {
    metrics.socketsConnected.inc();
    socket.emit('tick', { position: this.board.live.position, now: new Date().toISOString() });
    socket.conn.on('drain', () => {
      if (socket.data.lagging && bufferedPackets(socket) === 0) this.resync(socket);
    });
  }

  handleDisconnect(): void {
    metrics.socketsConnected.dec();
  }

  /**
   * Revoked or expired tokens lose their sockets, each told why first (expiry sends no notice: it is
   * checked on each tick, with `notice` null).
   */
  private dropRevoked(notice: RevocationNotice | null): void {
    for (const socket of this.namespace.sockets.values()) {
      if (!this.auth.isRevoked(socket.data.token)) continue;
      const reason = notice && notice.username === socket.data.actor.id ? notice.reason : 'expired';
      socket.emit('revoked', revokedMessage(reason));
      // Sent after `revoked` on the same connection, which closes only once both are written.
      socket.disconnect(true);
    }
  }

  /**
   * A tick vouches that the board is current, so none goes out while the store cannot be reached:
   * screens then show their stale badge, and turn live again by themselves when it is back.
   */
  private async tick(): Promise<void> {
    this.dropRevoked(null);
    try {
      await this.store.headPosition();
    } catch (error) {
      this.logger.warn(`no tick: the store cannot be reached (${(error as Error).message})`);
      return;
    }
    this.namespace.emit('tick', { position: this.board.live.position, now: new Date().toISOString() });
  }

  /** SIGTERM: every screen is told 重启中 before its socket closes, and reconnects with its position. */
  /**
   * Tells every screen 重启中 as soon as a stop begins, before the server drains: a screen on long-polling
   * could not hear it once new connections are refused.
   */
  announceRestart(): void {
    if (!this.namespace || this.restartAnnounced) return;
    this.restartAnnounced = true;
    clearInterval(this.timer);
    this.namespace.emit('restarting', RESTARTING_MESSAGE);
  }

  beforeApplicationShutdown(): void {
    if (!this.namespace) return;
    this.announceRestart();
    // Disconnected after the notice is written: each socket closes once its buffer is flushed.
    this.namespace.disconnectSockets(true);
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.unsubscribe.forEach((off) => off());
  }

  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: BoardSocket, @MessageBody() body: unknown): SubscribeAck {
    const parsed = SUBSCRIBE_REQUEST.safeParse(body);
    if (!parsed.success) return subscribeRefusal(parsed.error);
    const { after, region, taskForce } = parsed.data;
    for (const room of socket.rooms) if (room.startsWith('scope:')) void socket.leave(room);
    const scope = { region: region || undefined, taskForce: taskForce || undefined };
    socket.data.scope = scope;
    socket.data.lagging = false;
    socket.data.snapshotEncoding = parsed.data.snapshotEncoding ?? undefined;
    socket.data.snapshotForm = parsed.data.snapshotForm ?? undefined;
    socket.data.subscription = (socket.data.subscription ?? 0) + 1;
    this.board.live.flush();
    const backlog = after ? this.board.live.eventsAfter(after) : null;
    const snapshot = backlog === null || backlog.length > MAX_BACKLOG;
    if (snapshot) {
      this.sendSnapshot(socket);
    } else {
      this.sendMissed(socket, backlog);
      void socket.join(roomOf(scope));
    }
    return { ok: true, position: this.board.live.position, snapshot };
  }

  /**
   * A plain snapshot is written at once, from the one serialisation of this position; a packed one once
   * its bytes are made (shared by every socket that asks near this position), followed by the events
   * since then. Either way the socket joins its room only after, so the broadcast neither skips nor
   * repeats an event for it.
   */
  private sendSnapshot(socket: BoardSocket): void {
    const encoding = socket.data.snapshotEncoding;
    const form = socket.data.snapshotForm;
    if (!encoding) {
      const shared = this.snapshots.current(0, form);
      // preEncoded: socket.io writes the packet as given (typed as a Packet, it is the encoded string here).
      socket.client._packet(shared.plainPacket() as never, { preEncoded: true });
      metrics.snapshotsSent.inc({ encoding: 'plain' });
      void socket.join(roomOf(socket.data.scope ?? {}));
      return;
    }
    const subscription = socket.data.subscription;
    const shared = this.snapshots.current(SHARED_SNAPSHOT_REUSE, form);
    shared.packedBytes(encoding).then(
      (bytes) => {
        if (!socket.connected || socket.data.subscription !== subscription || socket.data.lagging) return;
        this.board.live.flush();
        const since = this.board.live.eventsAfter(shared.position ?? '0');
        // The ring moved past it while it was packed (a flood of events): pack a newer one.
        if (since === null || since.length > MAX_BACKLOG) return this.sendSnapshot(socket);
        socket.emit('snapshot', { position: shared.position, encoding, bytes });
        metrics.snapshotsSent.inc({ encoding });
        this.sendMissed(socket, since);
        void socket.join(roomOf(socket.data.scope ?? {}));
      },
      (error: Error) => {
        this.logger.error(`cannot pack a board snapshot: ${error.message}`);
        socket.disconnect(true);
      },
    );
  }

  /**
   * Packs the screens' snapshot now, in every encoding, before any screen asks: the first screens after a
   * start (every command room reconnecting after an upgrade) then get bytes that are already made instead
   * of waiting for the province's board to be serialised and gzipped. Called just before the server listens.
   * The whole state's (a console's, a screen on a past year) is made when one first asks.
   */
  packAhead(): Promise<void> {
    if (!this.namespace) return Promise.resolve();
    this.board.live.flush();
    const shared = this.snapshots.current(SHARED_SNAPSHOT_REUSE, 'screen');
    return Promise.all(SNAPSHOT_ENCODINGS.map((encoding) => shared.packedBytes(encoding))).then(
      () => undefined,
      (error: Error) => this.logger.error(`cannot pack a board snapshot ahead: ${error.message}`),
    );
  }

  private sendMissed(socket: BoardSocket, backlog: EventEnvelope[]): void {
    if (backlog.length === 0) return;
    socket.emit('events', backlog);
    metrics.eventsPushed.inc(backlog.length);
  }

  /**
   * Every screen gets every event, whatever its scope: a scoped screen selects its view from the whole
   * board, and the city-wide ranking and red flag it shows fold from all of them. One encode for all
   * rooms; sockets that stopped reading leave their room until they drain.
   */
  private broadcast(batch: EventEnvelope[]): void {
    const rooms = new Set<string>();
    for (const socket of this.namespace.sockets.values()) {
      const scope = socket.data.scope;
      if (!scope || socket.data.lagging) continue;
      if (bufferedPackets(socket) > MAX_BUFFERED_PACKETS) {
        socket.data.lagging = true;
        void socket.leave(roomOf(scope));
        this.logger.warn(`socket ${socket.id} stopped reading; it will get a snapshot when it catches up`);
        continue;
      }
      rooms.add(roomOf(scope));
    }
    if (rooms.size === 0) return;
    this.namespace.to([...rooms]).emit('events', batch);
    let listeners = 0;
    for (const room of rooms) listeners += this.namespace.adapter.rooms.get(room)?.size ?? 0;
    metrics.eventsPushed.inc(batch.length * listeners);
  }

  private resync(socket: BoardSocket): void {
    socket.data.lagging = false;
    socket.data.subscription = (socket.data.subscription ?? 0) + 1;
    this.board.live.flush();
    this.sendSnapshot(socket);
  }
}
