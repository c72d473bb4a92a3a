/**
 * Child of bench-live.mjs: the limit. A bare socket.io server (no store, no fold, no auth) on loopback:
 * namespace /board answers `subscribe` with an ack and puts the socket in one room; each
 * `POST /emit` answers 201 {position}, as a command would, then broadcasts one `events` batch
 * holding a copy of the sample envelope (same size as ours) under that position; a tick every 5 s.
 * IPC: {type:'start', sample} → {type:'listening', port}.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

let position = 1_000_000;

process.on('message', (message) => {
  if (message.type !== 'start') return;
  const sample = message.sample;
  const http = createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/emit') {
      response.writeHead(404).end();
      return;
    }
    request.resume();
    request.on('end', () => {
      position += 1;
      const envelope = { ...sample, position: String(position) };
      const body = JSON.stringify({ id: sample.id, stream: sample.stream, revision: sample.revision, position: envelope.position });
      response.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
      // As in ours: the answer first, the push right after (there, from the store's subscription).
      setImmediate(() => board.to('live').emit('events', [envelope]));
    });
  });
  const io = new Server(http, { cors: { origin: true } });
  const board = io.of('/board');
  board.on('connection', (socket) => {
    socket.emit('tick', { position: String(position), now: new Date().toISOString() });
    socket.on('subscribe', (_request, ack) => {
      socket.join('live');
      if (typeof ack === 'function') ack({ ok: true, position: String(position), snapshot: false });
    });
  });
  setInterval(() => board.emit('tick', { position: String(position), now: new Date().toISOString() }), 5000).unref();
  http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: http.address().port }));
});
process.on('disconnect', () => process.exit(0));
