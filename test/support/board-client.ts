import { io, type Socket } from 'socket.io-client';
import {
  BOARD_NAMESPACE,
  type BoardState,
  type ClientToServerEvents,
  type EventEnvelope,
  type RestartingMessage,
  type RevokedMessage,
  type ServerToClientEvents,
  type SnapshotMessage,
  type SubscribeAck,
  type SnapshotEncoding,
  type SnapshotForm,
  type SubscribeRequest,
  type TickMessage,
  evolveBoard,
  snapshotState,
} from '@battlemap/events';

/** The real socket.io client, typed with the shared wire contract. */
export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface BoardClientOptions {
  token?: string;
  /** Pass the token as `?token=` instead of `auth.token`. */
  tokenInQuery?: boolean;
  /** Ask for packed snapshots in every subscribe, as the wallboard does. */
  snapshotEncoding?: SnapshotEncoding;
  /** Ask for this snapshot form in every subscribe (the wallboard asks for `screen`). */
  snapshotForm?: SnapshotForm;
}

/**
 * A screen as the e2e suites see it: one real socket.io client that folds what it receives with the
 * shared `evolveBoard`, keeps every batch, snapshot and tick, and notes any batch that breaks
 * "strictly increasing positions, nothing already applied".
 */
export class BoardClient {
  readonly socket: BoardSocket;
  state: BoardState | null = null;
  /** Last position applied (snapshot or event). */
  position: string | null = null;
  readonly batches: EventEnvelope[][] = [];
  readonly snapshots: SnapshotMessage[] = [];
  readonly ticks: TickMessage[] = [];
  readonly disconnects: string[] = [];
  /** `revoked` messages, each with the disconnects seen before it (a revocation must come first). */
  readonly revocations: (RevokedMessage & { disconnectsBefore: number })[] = [];
  /** `restarting` notices, each with the disconnects seen before it (the notice must come first). */
  readonly restartings: (RestartingMessage & { disconnectsBefore: number })[] = [];
  /** Each event that arrived at or before the position already applied. */
  readonly orderViolations: string[] = [];
  /** The bytes of each packed snapshot, as they came off the wire. */
  readonly packedBytes: Buffer[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly snapshotEncoding?: SnapshotEncoding;
  private readonly snapshotForm?: SnapshotForm;
  /** A packed snapshot being unpacked, and the batches that came meanwhile (folded after it, as a screen does). */
  private unpacking: Promise<void> | null = null;
  private held: EventEnvelope[][] = [];

  private constructor(url: string, options: BoardClientOptions) {
    this.socket = io(`${url}${BOARD_NAMESPACE}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.tokenInQuery ? { query: { token: options.token ?? '' } } : { auth: { token: options.token } }),
    });
    this.snapshotEncoding = options.snapshotEncoding;
    this.snapshotForm = options.snapshotForm;
    this.socket.on('snapshot', (message) => {
      this.snapshots.push(message);
      this.held = [];
      if ('state' in message) {
        this.unpacking = null;
        // A snapshot is the whole board: the client starts again from it.
        this.state = structuredClone(message.state);
        this.position = message.position;
        this.changed();
        return;
      }
      this.packedBytes.push(Buffer.from(message.bytes as Uint8Array));
      const current: Promise<void> = snapshotState(message).then((state) => {
        if (this.unpacking !== current) return;
        this.unpacking = null;
        this.state = state;
        this.position = message.position;
        const held = this.held;
        this.held = [];
        held.forEach((events) => this.fold(events));
        this.changed();
      });
      this.unpacking = current;
    });
    this.socket.on('events', (events) => {
      this.batches.push(events);
      if (this.unpacking) return void this.held.push(events);
      this.fold(events);
      this.changed();
    });
    this.socket.on('tick', (message) => {
      this.ticks.push(message);
      this.changed();
    });
    this.socket.on('revoked', (message) => {
      this.revocations.push({ ...message, disconnectsBefore: this.disconnects.length });
      this.changed();
    });
    this.socket.on('restarting', (message) => {
      this.restartings.push({ ...message, disconnectsBefore: this.disconnects.length });
      this.changed();
    });
    this.socket.on('disconnect', (reason) => {
      this.disconnects.push(reason);
      this.changed();
    });
  }

  private fold(events: EventEnvelope[]): void {
    for (const event of events) {
      if (this.position !== null && BigInt(event.position) <= BigInt(this.position)) {
        this.orderViolations.push(`${event.position} after ${this.position}`);
      }
      if (this.state) this.state = evolveBoard(this.state, event);
      this.position = event.position;
    }
  }

  /** Connects; rejects with the handshake's error (a refused token is a connect_error). */
  static connect(url: string, options: BoardClientOptions): Promise<BoardClient> {
    const client = new BoardClient(url, options);
    return client.whenConnected().then(() => client);
  }

  /** A client whose handshake is expected to fail: resolves with the connect_error (its `data` is the server's refusal). */
  static async refused(url: string, options: BoardClientOptions): Promise<Error & { data?: unknown }> {
    const client = new BoardClient(url, options);
    try {
      await client.whenConnected();
    } catch (error) {
      return error as Error;
    } finally {
      client.close();
    }
    throw new Error('the handshake was accepted');
  }

  /** (Re)connects the same socket.io client (the folded state is kept, as a screen keeps it). */
  reconnect(): Promise<void> {
    this.socket.connect();
    return this.whenConnected();
  }

  private whenConnected(): Promise<void> {
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        this.socket.off('connect_error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.socket.off('connect', onConnect);
        reject(error);
      };
      this.socket.once('connect', onConnect);
      this.socket.once('connect_error', onError);
    });
  }

  subscribe(request: SubscribeRequest = {}): Promise<SubscribeAck> {
    const packed = this.snapshotEncoding && request.snapshotEncoding === undefined ? { snapshotEncoding: this.snapshotEncoding } : {};
    const form = this.snapshotForm && request.snapshotForm === undefined ? { snapshotForm: this.snapshotForm } : {};
    return this.socket.timeout(10_000).emitWithAck('subscribe', { ...request, ...packed, ...form });
  }

  /** Subscribes with `after` = the last position applied, as a reconnecting screen does. */
  resubscribe(scope: Omit<SubscribeRequest, 'after'> = {}): Promise<SubscribeAck> {
    return this.subscribe({ ...scope, ...(this.position !== null && { after: this.position }) });
  }

  get events(): EventEnvelope[] {
    return this.batches.flat();
  }

  positions(): string[] {
    return this.events.map((e) => e.position);
  }

  /** Resolves once `predicate` holds (checked after every message), or rejects after `ms`. */
  waitFor(predicate: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what} (position ${this.position})`));
      }, ms);
      this.waiters.add(check);
    });
  }

  /** Resolves once the client applied `position` (or a later one). */
  reached(position: string, ms = 10_000): Promise<void> {
    return this.waitFor(() => this.position !== null && BigInt(this.position) >= BigInt(position), ms, `position ${position}`);
  }

  received(position: string, ms = 10_000): Promise<EventEnvelope> {
    const find = () => this.events.find((e) => e.position === position);
    return this.waitFor(() => find() !== undefined, ms, `event ${position}`).then(() => find()!);
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.waiters.clear();
  }

  private changed(): void {
    for (const check of [...this.waiters]) check();
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What `read` answers (GET /api/board, say) at the position the client has applied: read again until the two
 * agree, since the time keeper's facts may land between the screen's last event and the read.
 */
export async function atClientPosition<T extends { position: string | null }>(client: BoardClient, read: () => Promise<T>): Promise<T> {
  let answer = await read();
  for (let attempt = 0; attempt < 5 && answer.position !== null; attempt++) {
    await client.reached(answer.position);
    if (client.position === answer.position) break;
    answer = await read();
  }
  return answer;
}
