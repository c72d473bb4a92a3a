/**
 * The limit beside `bench:http`: a bare NestJS endpoint (the same Nest and Express as the server) doing
 * the same durable append, with nothing else: POST /append/:id inserts the body as one event row into a
 * SQLite file with the server's settings (WAL, synchronous=FULL), one transaction per request. No auth,
 * validation, decider, hash chain, signature, projection or log. Prints `listening <port>` when ready.
 * Usage: node bare-nest.mjs <sqlite file>
 */
import 'reflect-metadata';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Nest and better-sqlite3 as the server resolves them.
const require = createRequire(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'server', 'package.json'));
const { Body, Controller, Module, Param, Post, HttpCode } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const Database = require('better-sqlite3');

const db = new Database(process.argv[2]);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec(`CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY AUTOINCREMENT, stream TEXT NOT NULL, revision INTEGER NOT NULL, id TEXT NOT NULL,
  type TEXT NOT NULL, data TEXT NOT NULL, meta TEXT NOT NULL, recorded_at INTEGER NOT NULL,
  UNIQUE (stream, revision), UNIQUE (stream, id))`);
const last = db.prepare('SELECT max(revision) FROM events WHERE stream = ?').pluck(true);
const insert = db.prepare('INSERT INTO events (stream, revision, id, type, data, meta, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
const append = db.transaction((stream, data) => {
  const revision = (last.get(stream) ?? -1) + 1;
  const { lastInsertRowid } = insert.run(stream, revision, crypto.randomUUID(), 'ProgressReported', JSON.stringify(data), '{}', Date.now());
  return { stream, revision, position: String(lastInsertRowid) };
});

class AppendController {
  append(id, body) {
    return append.immediate(`project-${id}`, body);
  }
}
Controller()(AppendController);
const descriptor = Object.getOwnPropertyDescriptor(AppendController.prototype, 'append');
Post('append/:id')(AppendController.prototype, 'append', descriptor);
HttpCode(201)(AppendController.prototype, 'append', descriptor);
Param('id')(AppendController.prototype, 'append', 0);
Body()(AppendController.prototype, 'append', 1);
Reflect.defineMetadata('design:paramtypes', [String, Object], AppendController.prototype, 'append');

class BareModule {}
Module({ controllers: [AppendController] })(BareModule);

const app = await NestFactory.create(BareModule, { logger: false });
await app.listen(0, '127.0.0.1');
console.log(`listening ${app.getHttpServer().address().port}`);
