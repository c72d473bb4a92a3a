/** What a command-room screen is told by its URL (and, for the token, by the browser's storage). */
export interface ScreenParams {
  token: string | null;
  title: string;
  region: string | null;
  taskForce: string | null;
  /** Seconds per view when cycling city → counties → task forces; null when not rotating. */
  rotateSeconds: number | null;
  /** The board's year; null means the current year in China time. */
  year: number | null;
}

const DEFAULT_TITLE = '广元市重点项目“挂图作战”指挥大屏';
const TOKEN_STORAGE_KEY = 'battlemap.token';

export function readScreenParams(search: string, storedToken: () => string | null): ScreenParams {
  const query = new URLSearchParams(search);
  const text = (name: string) => {
    const value = query.get(name)?.trim();
    return value ? value : null;
  };
  const rotate = Number(text('rotate'));
  const year = Number(text('year'));
  return {
    token: text('token') ?? storedToken(),
    title: (text('title') ?? DEFAULT_TITLE).slice(0, 60),
    region: text('region'),
    taskForce: text('taskForce'),
    rotateSeconds: Number.isFinite(rotate) && rotate >= 5 ? Math.min(rotate, 3600) : null,
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : null,
  };
}

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null; // storage can be disabled on locked-down kiosks
  }
}

/**
 * A screen link carries its token (`/?token=…`); once the page has it, it goes into the browser's storage
 * and out of the address bar, so it is not left in history, bookmarks or a photo of the screen. Where storage
 * is locked down the token stays in the URL: a reload must still find it.
 */
export function keepTokenOutOfUrl(): void {
  const url = new URL(location.href);
  const token = url.searchParams.get('token')?.trim();
  if (!token) return;
  try {
    localStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    return;
  }
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}
