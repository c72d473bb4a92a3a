/**
 * Child of bench-snapshots.mjs: the limit. A bare socket.io server (no store, no fold, no auth) on
 * loopback whose /board answers every `subscribe` with the same pre-encoded snapshot bytes ours sent
 * (read from a file), then the ack. IPC: {type:'start', bytesPath, position} → {type:'listening', port}.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

process.on('message', (message) => {
  if (message.type !== 'start') return;
  const bytes = readFileSync(message.bytesPath);
  const http = createServer((_request, response) => response.writeHead(404).end());
  const board = new Server(http, { cors: { origin: true } }).of('/board');
  board.on('connection', (socket) => {
    socket.on('subscribe', (request, ack) => {
      socket.emit('snapshot', { position: message.position, encoding: request?.snapshotEncoding ?? 'gzip', bytes });
      if (typeof ack === 'function') ack({ ok: true, position: message.position, snapshot: true });
    });
  });
  http.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: http.address().port }));
});
process.on('disconnect', () => process.exit(0));
