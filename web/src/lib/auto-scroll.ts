import type { Attachment } from 'svelte/attachments';

const MEASURE_EVERY_MS = 1_000;

/**
 * Scrolls a list slowly downwards, rests at the bottom, returns to the top and rests again, for
 * ever: an unattended screen has nobody to scroll it. Speed is in rem per second, so it reads the
 * same on a 1080p and a 4K screen.
 */
export function autoScroll(remPerSecond = 1, restMs = 4_000): Attachment<HTMLElement> {
  return (node) => {
    let frame = 0;
    let position = 0;
    let last = performance.now();
    let restUntil = last + restMs;
    // Reading a size forces the browser to lay the page out first, and a live board changes its DOM
    // several times a second: the sizes are read again once a second, not in every frame.
    let measuredAt = -Infinity;
    let max = 0;
    let rem = 16;
    let written = -1;

    const step = (time: number) => {
      const elapsed = Math.min(time - last, 250); // a hidden tab resumes without a jump
      last = time;
      if (time - measuredAt >= MEASURE_EVERY_MS) {
        measuredAt = time;
        max = node.scrollHeight - node.clientHeight;
        rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      }
      if (max <= 1) {
        position = 0;
      } else if (time >= restUntil) {
        if (position >= max) {
          position = 0;
          restUntil = time + restMs;
        } else {
          position = Math.min(max, position + (rem * remPerSecond * elapsed) / 1000);
          if (position >= max) restUntil = time + restMs;
        }
      } else {
        position = Math.min(position, max);
      }
      // Only whole pixels are written: a slow scroll then repaints ~15 times a second, not 60.
      const pixel = Math.round(position);
      if (pixel !== written) node.scrollTop = written = pixel;
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  };
}
