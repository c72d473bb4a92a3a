import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import type { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The console's own page: /console and its client-side routes (/console/projects/…). */
const CONSOLE_PATH = /^\/console(\/|$)/;
/** The audit workbench: /audit and its routes (/audit/bulletin/2026-03…). */
const AUDIT_PATH = /^\/audit(\/|$)/;

/** The built web app: the wallboard at / (and any other page path), the console at /console, the audit workbench at /audit. */
export function serveWeb(app: NestExpressApplication, webDist: string): void {
  const index = join(webDist, 'index.html');
  const consolePage = join(webDist, 'console.html');
  const auditPage = join(webDist, 'audit.html');
  if (!existsSync(index)) return;
  // The pages and their bundles gzipped for browsers that ask (about a third of the bytes: a console opened on a
  // phone over a mobile network loads ~1 MB of script). Not the API: its answers stay as they were.
  app.use(compression({ filter: (req, res) => !isApiPath(req.path) && compression.filter(req, res) }));
  app.useStaticAssets(webDist, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // Looked up per request: a web build may land after the server started (the console page comes second).
    if (AUDIT_PATH.test(req.path) && existsSync(auditPage)) return res.sendFile(auditPage);
    res.sendFile(CONSOLE_PATH.test(req.path) && existsSync(consolePage) ? consolePage : index);
  });
}

function isApiPath(path: string): boolean {
  return path.startsWith('/api') || path.startsWith('/socket.io') || path === '/metrics';
}
