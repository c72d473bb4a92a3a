/**
 * Child of bench-live.mjs (one of BENCH_CLIENT_PROCESSES): N socket.io clients in this process, on namespace /board, each
 * subscribing like a screen. Records when every `events` envelope reaches every client on the clock
 * both processes share (performance.timeOrigin + performance.now()), and answers the parent's
 * questions over IPC:
 *   {type:'connect', url, token, clients}    → {type:'connected', ms, snapshots}
 *   {type:'collect', sent:[[position, t201]], drainMs} → {type:'result', ...} (every (client, event) latency, and
 *   each event's first and last arrival here, for the parent to merge)
 */
import { writeFileSync } from 'node:fs';
import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
const sockets = [];
/** position → arrival time per client (NaN: not yet). */
const arrivals = new Map();
/** position → how many clients have it. */
const counts = new Map();
let snapshots = 0;
let clientCount = 0;
let received = 0;
if (process.env.BENCH_VERBOSE === '1') {
  let elu = performance.eventLoopUtilization();
  setInterval(() => {
    const next = performance.eventLoopUtilization();
    process.send({ type: 'progress', received, busy: performance.eventLoopUtilization(next, elu).utilization });
    elu = next;
    received = 0;
  }, 1000).unref();
}

function record(index, events, at) {
  received += events.length;
  for (let i = 0; i < events.length; i++) {
    const position = events[i].position;
    let times = arrivals.get(position);
    if (times === undefined) {
      times = new Float64Array(clientCount).fill(Number.NaN);
      arrivals.set(position, times);
      counts.set(position, 0);
    }
    if (Number.isNaN(times[index])) {
      times[index] = at;
      counts.set(position, counts.get(position) + 1);
    }
  }
}

function connectOne(url, token, index) {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/board`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    sockets.push(socket);
    socket.on('events', (events) => record(index, events, now()));
    socket.on('snapshot', () => snapshots++);
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      socket
        .timeout(30_000)
        .emit('subscribe', {}, (error, ack) => (error || !ack?.ok ? reject(error ?? new Error(JSON.stringify(ack))) : resolve()));
    });
  });
}

async function connectAll({ url, token, clients }) {
  const started = now();
  clientCount = clients;
  const WAVE = 50;
  for (let i = 0; i < clients; i += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, clients - i) }, (_, k) => connectOne(url, token, i + k)));
  }
  return { type: 'connected', ms: Math.round(now() - started), snapshots };
}

async function collect({ sent, drainMs }) {
  const expected = sent.length * clientCount;
  const complete = () => sent.reduce((sum, [position]) => sum + (counts.get(position) ?? 0), 0);
  const deadline = now() + drainMs;
  while (complete() < expected && now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (process.env.BENCH_ARRIVALS_FILE) {
    // For diagnosis: every (client, event) arrival beside the command's 201, to set against the server's own timings.
    const rows = sent.map(([position, t201]) => [position, t201, Array.from(arrivals.get(position) ?? [])]);
    writeFileSync(`${process.env.BENCH_ARRIVALS_FILE}.${process.pid}`, JSON.stringify(rows));
  }
  // Raw, for the parent to merge with the other clients' processes: every latency, and per event the
  // first and last arrival here.
  const latencies = new Float64Array(expected);
  const firstArrivals = new Float64Array(sent.length).fill(Number.NaN);
  const lastArrivals = new Float64Array(sent.length).fill(Number.NaN);
  let delivered = 0;
  for (const [e, [position, t201]] of sent.entries()) {
    const times = arrivals.get(position);
    if (!times) continue;
    let first = Infinity;
    let last = -Infinity;
    for (let c = 0; c < clientCount; c++) {
      const at = times[c];
      if (Number.isNaN(at)) continue;
      latencies[delivered++] = at - t201;
      if (at < first) first = at;
      if (at > last) last = at;
    }
    if (first !== Infinity) {
      firstArrivals[e] = first;
      lastArrivals[e] = last;
    }
  }
  return {
    type: 'result',
    expected,
    delivered,
    latencies: latencies.slice(0, delivered),
    firstArrivals,
    lastArrivals,
    disconnected: sockets.filter((s) => !s.connected).length,
    snapshots,
  };
}

process.on('message', (message) => {
  const answer = message.type === 'connect' ? connectAll(message) : message.type === 'collect' ? collect(message) : null;
  if (!answer) return;
  answer.then(
    (reply) => process.send(reply),
    (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }),
  );
});
// The parent going away (even killed) ends this process too.
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
