import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { LiveBoard } from '../board/live-board';
import type { EventStore } from '../store/event-store.port';

/**
 * The process's Prometheus metrics (prom-client), one registry per process: what the server counts as
 * it works (commands, appends, sockets, pushes, responses) plus what it reads at scrape time (store
 * head, board position, projection lag, quarantined events) and Node's own process metrics.
 */
class Metrics {
  readonly registry = new Registry();
  readonly commands = new Counter({
    name: 'battlemap_commands_total',
    help: 'Commands handled, by command type and HTTP status (201 includes Idempotency-Key replays)',
    labelNames: ['type', 'status'] as const,
    registers: [this.registry],
  });
  readonly appendSeconds = new Histogram({
    name: 'battlemap_append_duration_seconds',
    help: 'Time an append to the event store took (durable once it returns)',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly socketsConnected = new Gauge({
    name: 'battlemap_sockets_connected',
    help: 'socket.io connections on /board (screens) now',
    registers: [this.registry],
  });
  readonly eventsPushed = new Counter({
    name: 'battlemap_events_pushed_total',
    help: 'Events sent to screens, counted once per socket that was sent them',
    registers: [this.registry],
  });
  readonly snapshotEncodings = new Counter({
    name: 'battlemap_snapshot_encodings_total',
    help: 'Board snapshots serialised for screens: one per position and form (whole, screen) shared by every socket that needs it',
    labelNames: ['form'] as const,
    registers: [this.registry],
  });
  readonly snapshotsSent = new Counter({
    name: 'battlemap_snapshots_sent_total',
    help: 'Board snapshots sent to screens, by form (plain JSON or packed)',
    labelNames: ['encoding'] as const,
    registers: [this.registry],
  });
  readonly httpResponses = new Counter({
    name: 'battlemap_http_responses_total',
    help: 'HTTP responses by status code',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Gauges read at scrape time from the live board and the store (once per process, by the metrics controller). */
  watch(board: LiveBoard, store: EventStore): void {
    const registers = [this.registry];
    const head = async () => Number((await store.headPosition().catch(() => null)) ?? 0);
    const position = () => Number(board.position ?? 0);
    new Gauge({
      name: 'battlemap_store_head_position',
      help: 'Position of the last event in the store',
      registers,
      collect: async function () {
        this.set(await head());
      },
    });
    new Gauge({
      name: 'battlemap_board_position',
      help: 'Position of the last event folded into the live board',
      registers,
      collect() {
        this.set(position());
      },
    });
    new Gauge({
      name: 'battlemap_projection_lag',
      help: 'Store head position minus live board position (positions, not events; 0 when caught up)',
      registers,
      collect: async function () {
        this.set(Math.max(0, (await head()) - position()));
      },
    });
    new Gauge({
      name: 'battlemap_board_projects',
      help: 'Projects on the board',
      registers,
      collect() {
        this.set(Object.keys(board.state.projects).length);
      },
    });
    new Gauge({
      name: 'battlemap_board_problems',
      help: 'Problems on the board',
      registers,
      collect() {
        this.set(Object.keys(board.state.problems).length);
      },
    });
    new Gauge({
      name: 'battlemap_quarantined_events',
      help: 'Events set aside because they could not be read or folded (see /api/health)',
      registers,
      collect() {
        this.set(board.quarantine.size);
      },
    });
  }
}

export const metrics = new Metrics();
