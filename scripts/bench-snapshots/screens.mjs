/**
 * Child of bench-snapshots.mjs: N socket.io clients in this one process, connected to /board first, then
 * all asked to subscribe at once (as screens do when a restarted server takes them back). Records when
 * each one's whole snapshot has arrived (not unpacked: both rounds send the same bytes, and unpacking is
 * the screens' work, not the server's). IPC:
 *   {type:'connect', url, token, clients}   → {type:'connected', ms}
 *   {type:'subscribe', encoding, form}      → {type:'result', first, p50, p99, last, snapshots, bytes}
 */
import { io } from 'socket.io-client';

const now = () => performance.timeOrigin + performance.now();
const sockets = [];

function connectOne(url, token) {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/board`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    sockets.push(socket);
    socket.once('connect_error', reject);
    socket.once('connect', resolve);
  });
}

async function connectAll({ url, token, clients }) {
  const started = now();
  const WAVE = 50;
  for (let i = 0; i < clients; i += WAVE) {
    await Promise.all(Array.from({ length: Math.min(WAVE, clients - i) }, () => connectOne(url, token)));
  }
  return { type: 'connected', ms: Math.round(now() - started) };
}

function subscribeAll({ encoding, form, timeoutMs }) {
  const t0 = now();
  const arrivals = [];
  let bytes = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${arrivals.length}/${sockets.length} snapshots in ${timeoutMs} ms`)), timeoutMs);
    for (const socket of sockets) {
      socket.once('snapshot', (message) => {
        arrivals.push(now() - t0);
        bytes = message.bytes?.byteLength ?? bytes;
        if (arrivals.length < sockets.length) return;
        clearTimeout(timer);
        arrivals.sort((a, b) => a - b);
        const at = (q) => arrivals[Math.min(arrivals.length - 1, Math.floor(q * arrivals.length))];
        resolve({
          type: 'result',
          first: arrivals[0],
          p50: at(0.5),
          p99: at(0.99),
          last: arrivals.at(-1),
          snapshots: arrivals.length,
          bytes,
        });
      });
      socket.emit('subscribe', { ...(encoding && { snapshotEncoding: encoding }), ...(form && { snapshotForm: form }) }, () => undefined);
    }
  });
}

process.on('message', (message) => {
  const answer = message.type === 'connect' ? connectAll(message) : message.type === 'subscribe' ? subscribeAll(message) : null;
  if (!answer) return;
  answer.then(
    (reply) => process.send(reply),
    (error) => process.send({ type: 'error', message: String(error?.stack ?? error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
