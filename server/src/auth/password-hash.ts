import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt (node:crypto, no native add-on). The parameters are stored beside each
 * hash so they can be raised later without invalidating existing passwords.
 */
export interface PasswordHash {
  /** `scrypt:N:r:p:keylen`. */
  scheme: string;
  salt: Buffer;
  hash: Buffer;
}

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 64;
const SALT_BYTES = 16;
const CURRENT_SCHEME = `scrypt:${N}:${R}:${P}:${KEYLEN}`;

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(SALT_BYTES);
  return { scheme: CURRENT_SCHEME, salt, hash: await derive(password, salt, CURRENT_SCHEME) };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  const candidate = await derive(password, stored.salt, stored.scheme);
  return candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash);
}

/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function spendVerificationTime(password: string): Promise<void> {
  await derive(password, DUMMY_SALT, CURRENT_SCHEME);
}
const DUMMY_SALT = randomBytes(SALT_BYTES);

function derive(password: string, salt: Buffer, scheme: string): Promise<Buffer> {
  const [name, n, r, p, keylen] = scheme.split(':');
  if (name !== 'scrypt') return Promise.reject(new Error(`unknown password scheme ${name}`));
  const cost = { N: Number(n), r: Number(r), p: Number(p), maxmem: 256 * Number(n) * Number(r) };
  // The async form runs on libuv's pool: a login never blocks the event loop for the ~50 ms it costs.
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, Number(keylen), cost, (error, key) => (error ? reject(error) : resolve(key))),
  );
}
