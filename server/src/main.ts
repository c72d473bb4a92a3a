import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AuditService } from './audit/audit.service';
import { openAudit } from './audit/open-audit';
import { SigningEventStore } from './audit/signing-event-store';
import { AuthService } from './auth/auth.service';
import { credentialsPath } from './auth/credentials-path';
import { describeFirstStart, firstStart } from './auth/first-start';
import { readLegacyCredentials } from './auth/legacy-credential-file';
import { BoardSocketAdapter } from './board/board-socket.adapter';
import { BoardGateway } from './board/board.gateway';
import { BoardService } from './board/board.service';
import { boardSnapshotSettings } from './board/snapshot-settings';
import { CommandService } from './commands/command.service';
import { ConfigError, loadConfig, redact } from './config/config';
import { loadDemo } from './demo/demo-loader';
import { startLiveSimulator } from './demo/live-simulator';
import { drainOnSignals } from './http/drain';
import { HttpErrorFilter } from './http/http-error.filter';
import { correlate } from './logging/correlation';
import { logRequests } from './logging/logging.module';
import { securityHeaders } from './http/security-headers';
import { serveWeb } from './http/serve-web';
import { serveOpenApi } from './http/openapi';
import { countResponses } from './metrics/http-counter';
import { InspectionProblemsReactor } from './inspections/inspection-problems.reactor';
import { NotifyService } from './notify/notify.service';
import { StoreUnavailableError } from './store/event-store.port';
import { openStore } from './store/open-store';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  boardSnapshotSettings(config);
  const opened = await openStore(config.eventStoreUrl);
  // The audit key signs every event the server appends; it and the checkpoint live outside the store.
  const audit = await openAudit(config, opened);
  const store = new SigningEventStore(opened, audit.key);
  // Captured before first start writes its accounts: the demo only ever goes into an empty store.
  const emptyAtStart = audit.storeHead === null;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, store, audit), {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  // SIGTERM drains: requests in flight (counted from their first byte) finish, screens are told 重启中, exit 0.
  // Screens hear 重启中 first, then the server drains (see drain.ts).
  drainOnSignals(
    app,
    (line) => console.log(line),
    () => app.get(BoardGateway, { strict: false }).announceRestart(),
  );
  app.use(countResponses);
  app.use(securityHeaders());
  app.useBodyParser('json', { limit: '1mb' });
  app.use(correlate);
  app.useGlobalFilters(new HttpErrorFilter());
  app.set('trust proxy', config.trustProxy);
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  app.useWebSocketAdapter(new BoardSocketAdapter(app, config.corsOrigins));
  app.disable('x-powered-by');
  serveWeb(app, config.webDist);
  serveOpenApi(app);
  // After the web's files (served without a line each), before Nest's routes: one line per request.
  app.use(logRequests());
  await app.init();
  // From here on, Nest's own lines are JSON too (its start-up chatter about routes stays out).
  app.useLogger(app.get(Logger));

  // Serve nothing until the projections have caught up: a retry or a screen must never see a half board.
  const auth = app.get(AuthService);
  const board = app.get(BoardService);
  const commands = app.get(CommandService);
  board.live.alsoApply(commands.idempotency);
  board.live.alsoApply(auth.accounts);
  const auditing = app.get(AuditService);
  board.live.alsoApply(auditing.trail);
  await Promise.all([auth.ready(), board.start()]);
  const legacy = readLegacyCredentials(credentialsPath(config), Date.now());
  if (legacy) {
    const moved = await auth.adoptLegacyCredentials(legacy);
    if (moved.passwords + moved.tokens > 0) {
      console.log(
        `credentials: moved ${moved.passwords} password hashes and ${moved.tokens} live tokens from ${credentialsPath(config)} into the store; the file is no longer read`,
      );
    }
  }
  app.get(InspectionProblemsReactor).start();
  auditing.sealer.start();
  const started = await firstStart(auth, { adminPassword: config.adminPassword, demo: config.demo });
  if (config.demo !== 'off' && emptyAtStart) {
    const demo = await loadDemo(app);
    const rejected = demo.rejected > 0 ? `; ${demo.rejected} of ${demo.commands} commands rejected` : '';
    console.log(
      `demo: loaded ${demo.events} events in ${demo.seconds.toFixed(1)} s, CPU ${demo.cpuSeconds.toFixed(1)} s (history up to ${demo.today}${rejected})`,
    );
  }
  // Time acts on the whole store, the demo included, before anything is served.
  const time = await app.get(NotifyService).start();
  if (time.facts > 0) console.log(`time: recorded ${time.facts} overdue, reminder and light facts in ${time.seconds.toFixed(1)} s`);

  // The board's snapshot packed before the first screen can ask: after a restart every command room
  // reconnects at once, and a province's pack (its JSON, then gzip on the thread pool) would otherwise hold
  // up their snapshots and the pages' own scripts behind it.
  const packStarted = performance.now();
  await app.get(BoardGateway).packAhead();
  const packMs = performance.now() - packStarted;
  if (packMs >= 100) console.log(`board: snapshot for screens packed in ${(packMs / 1000).toFixed(1)} s`);

  await app.listen(config.port);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}/`;
  console.log(`Battlemap is serving ${url} (store: ${store.kind}, ${redact(config.eventStoreUrl)})`);
  const boardNote = board.startNote();
  for (const line of [...(boardNote ? [boardNote] : []), ...auditing.notes(), ...describeFirstStart(started, url)]) console.log(line);
  if (config.demo === 'live') {
    const simulator = startLiveSimulator(app);
    process.once('SIGTERM', () => simulator.stop());
    process.once('SIGINT', () => simulator.stop());
  }
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof StoreUnavailableError) {
    console.error(`battlemap: cannot start: ${error.message}`);
  } else {
    console.error('battlemap: cannot start:', error);
  }
  process.exit(1);
});
