import './lib/no-eval';
import { prefetchBoard } from './lib/prefetch';
import { readScreenParams, storedToken } from './lib/screen-params';

// The snapshot and the map are asked for first; the screen's code comes as a second script meanwhile.
prefetchBoard(readScreenParams(location.search, storedToken).token);

const RELOAD_MS = 10_000;
import('./boot').then(
  ({ boot }) => boot(),
  () => {
    // The server went away between the page and its script (an upgrade): say so, and try again.
    const line = document.querySelector('#app p');
    if (line) line.textContent = '大屏程序加载失败，10 秒后重试…';
    setTimeout(() => location.reload(), RELOAD_MS);
  },
);
