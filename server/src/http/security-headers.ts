import helmet from 'helmet';

/**
 * Security headers on every answer (helmet): a Content-Security-Policy with no inline script (styles
 * may be inline: Svelte and ECharts set them), no referrer (a screen link carries its token), nosniff,
 * and no framing by other sites. `upgrade-insecure-requests` is left out: command rooms often reach the
 * board over plain HTTP on the local network, where it would break every request.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Chromium on a command-room PC loads nothing cross-origin; COEP would only break future embeds.
    crossOriginEmbedderPolicy: false,
    // HTTPS is the reverse proxy's to declare: includeSubDomains here could break other hosts of the domain.
    strictTransportSecurity: false,
  });
}
