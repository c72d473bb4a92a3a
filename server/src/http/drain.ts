import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Server as NetServer } from 'node:net';
import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Requests already written on an open connection when the signal came get this long to be read. */
const GRACE_MS = 300;
/** How long a shutdown waits for requests in flight before closing anyway. */
const DRAIN_TIMEOUT_MS = 15_000;
/** How long the shutdown hooks (snapshot, checkpoint, sockets) may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * A graceful stop on SIGTERM / SIGINT: stop taking connections, let every request in flight finish and
 * be answered, then close Nest (screens are told 重启中 by the gateway) and exit 0.
 *
 * Not Nest's own shutdown hooks: they close the HTTP server twice (socket.io's close, then the
 * adapter's), the second close returns at once, and the process exits with commands still in flight,
 * which their clients see as a reset connection. Nor a plain `server.close()`: it also drops at once
 * every keep-alive connection whose next request has been sent but not yet read.
 */
export function drainOnSignals(app: INestApplication, log: (line: string) => void, onStopping: () => void = () => undefined): void {
  let inFlight = 0;
  let stopping = false;
  let settled: (() => void) | null = null;
  app.use((_req: Request, res: Response, next: NextFunction) => {
    inFlight += 1;
    // While draining, each answer also tells its client not to send more on this connection.
    if (stopping) res.setHeader('Connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) settled?.();
    });
    next();
  });
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    onStopping();
    const http = app.getHttpServer() as Server;
    NetServer.prototype.close.call(http); // no new connections; the open ones may still finish what they sent
    log(`battlemap: ${signal}: finishing ${inFlight} request(s) in flight, then telling screens 重启中 and stopping`);
    await sleep(GRACE_MS);
    if (inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, DRAIN_TIMEOUT_MS);
        settled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    http.closeIdleConnections();
    try {
      // A hook that never settles must not keep a stopping server alive (an orchestrator would kill -9 it).
      const late = sleep(CLOSE_TIMEOUT_MS).then(() =>
        log(`battlemap: shutdown hooks unfinished after ${CLOSE_TIMEOUT_MS / 1000} s; exiting`),
      );
      await Promise.race([app.close(), late]);
    } finally {
      log('battlemap: stopped');
      process.exit(0);
    }
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop(signal));
}
