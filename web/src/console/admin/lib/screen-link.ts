/** What a command-room screen is told in its address, besides its token (see the wallboard's screen-params). */
export interface ScreenOptions {
  regionId: string;
  taskForceId: string;
  /** Seconds between views when rotating; '' for no rotation. */
  rotate: string;
}

export const NO_SCREEN_OPTIONS: ScreenOptions = { regionId: '', taskForceId: '', rotate: '' };

/** Rotation periods offered, in seconds. */
export const ROTATE_CHOICES = [30, 60, 120, 300] as const;

/** The wallboard's address for a screen: `/?token=…` and the options chosen, on this server. */
export function screenUrl(origin: string, token: string, options: ScreenOptions): string {
  const params = new URLSearchParams({ token });
  if (options.regionId) params.set('region', options.regionId);
  if (options.taskForceId) params.set('taskForce', options.taskForceId);
  if (options.rotate) params.set('rotate', options.rotate);
  return `${origin}/?${params}`;
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * A strong random password (about 190 bits): a screen account needs one to be created, but never logs
 * in with it (it uses its token), so nobody sees it. Rejection sampling keeps every character equally likely.
 */
export function randomPassword(length = 32): string {
  const limit = 256 - (256 % ALPHABET.length);
  let out = '';
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}

/** A username to start from ("screen-k3f8"): ASCII, as account ids must be; the admin may change it. */
export function suggestScreenUsername(): string {
  return `screen-${randomPassword(4).toLowerCase()}`;
}
