import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';

// Nest's adapter carries its own socket.io: take its types, not the server package's.
type ServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type Server = ReturnType<IoAdapter['createIOServer']>;

/** A client only subscribes and acks: a few KiB is plenty, and a flood of big frames is cut at the door. */
const SOCKET_MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * socket.io with our limits: a small maximum message, and handshakes only from this server's own pages
 * or the allow-listed origins (CORS_ORIGINS). Clients that send no Origin (a non-browser screen
 * player, the tests' socket.io client) are not browsers and are let through to the token check.
 */
export class BoardSocketAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly corsOrigins: readonly string[],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const origins = this.corsOrigins;
    // Nest always passes the gateway's options (path, namespace); none is only the adapter's own default.
    const base = options ?? ({ path: '/socket.io' } as ServerOptions);
    return super.createIOServer(port, {
      ...base,
      maxHttpBufferSize: SOCKET_MAX_MESSAGE_BYTES,
      cors: origins.length > 0 ? { origin: [...origins] } : undefined,
      allowRequest: (request, callback) => callback(null, originAllowed(request, origins)),
    });
  }
}

/** Same origin (the Origin's host is the Host the request came to), an allow-listed one, or no Origin at all. */
function originAllowed(request: Pick<IncomingMessage, 'headers'>, allowList: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (allowList.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
