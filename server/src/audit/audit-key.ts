import { type Hmac, type KeyObject, createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/config';

/** At least 256 bits, as HMAC-SHA256 wants. */
const MIN_KEY_BYTES = 32;

/**
 * The audit key: kept outside the store, it signs each event's hash (meta.mac) and keys the global
 * chain, so someone who can edit the store but not read the key cannot make an edit look untouched.
 */
export class AuditKey {
  /** First 16 hex digits of SHA-256 of the key: names the key without revealing it. */
  readonly fingerprint: string;
  /** Imported once: an HMAC per event would otherwise copy the key in each time. */
  private readonly secret: KeyObject;

  constructor(private readonly bytes: Buffer) {
    if (bytes.length < MIN_KEY_BYTES) throw new ConfigError(`the audit key must be at least ${MIN_KEY_BYTES} bytes, got ${bytes.length}`);
    this.fingerprint = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
    this.secret = createSecretKey(bytes);
  }

  static random(): AuditKey {
    return new AuditKey(randomBytes(MIN_KEY_BYTES));
  }

  /** HMAC-SHA256 of a text (or of its UTF-8 bytes, the same MAC) under the key, hex. */
  mac(text: string | Buffer): string {
    return this.hmac().update(text).digest('hex');
  }

  /** An HMAC under the key to feed in pieces: `mac` of their concatenation. */
  hmac(): Hmac {
    return createHmac('sha256', this.secret);
  }

  /** Whether `mac` is the MAC of `text` or of these bytes (compared in constant time). */
  verifies(text: string | Buffer, mac: unknown): boolean {
    if (typeof mac !== 'string' || mac.length !== 64) return false;
    return timingSafeEqual(Buffer.from(this.mac(text), 'hex'), Buffer.from(mac, 'hex'));
  }

  /** The key as the key file holds it: hex, one line. */
  toFileText(): string {
    return `${this.bytes.toString('hex')}\n`;
  }
}

/**
 * A key written as hex (an even number of hex digits) or base64 (standard or URL-safe), at least 32
 * bytes either way. `source` names where it came from in the error line.
 */
export function parseAuditKey(text: string, source: string): AuditKey {
  const trimmed = text.trim();
  let bytes: Buffer;
  if (/^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0) bytes = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) bytes = Buffer.from(trimmed, 'base64');
  else
    throw new ConfigError(
      `${source} is neither hex nor base64: write ${MIN_KEY_BYTES} or more random bytes as hex (e.g. openssl rand -hex 32)`,
    );
  if (bytes.length < MIN_KEY_BYTES) {
    throw new ConfigError(
      `${source} must be at least ${MIN_KEY_BYTES} bytes (64 hex digits or 44 base64 characters), got ${bytes.length} bytes`,
    );
  }
  return new AuditKey(bytes);
}
