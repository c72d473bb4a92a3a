import type { Attachment } from 'svelte/attachments';

const MEASURE_EVERY_MS = 1_000;

/**
 * Scrolls a list slowly downwards, rests at the bottom, returns to the top and rests again, for
 * ever: an unattended screen has nobody to scroll it. Speed is in rem per second, so it reads the
 * same on a 1080p and a 4K screen. The node clips; its first child (the list) is moved up by a
 * transform, which the compositor moves without the page being laid out or painted again (writing
 * scrollTop made the browser lay out the whole board up to 15 times a second).
 */
export function autoScroll(remPerSecond = 1, restMs = 4_000): Attachment<HTMLElement> {
  return (node) => {
    let frame = 0;
    let position = 0;
    let last = performance.now();
    let restUntil = last + restMs;
    // Reading a size also lays the page out first, and a live board changes several times a second:
    // the sizes are read again once a second, not in every frame.
    let measuredAt = -Infinity;
    let max = 0;
    let rem = 16;
    let written = 0;

    const step = (time: number) => {
      const elapsed = Math.min(time - last, 250); // a hidden tab resumes without a jump
      last = time;
      const content = node.firstElementChild as HTMLElement | null;
      if (time - measuredAt >= MEASURE_EVERY_MS) {
        measuredAt = time;
        max = content ? content.offsetHeight - node.clientHeight : 0;
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
      // Only whole pixels are written: a slow scroll then moves ~15 times a second, not 60.
      const pixel = Math.round(position);
      if (content && pixel !== written) content.style.transform = `translateY(${-(written = pixel)}px)`;
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  };
}
