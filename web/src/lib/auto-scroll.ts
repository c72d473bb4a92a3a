import type { Attachment } from 'svelte/attachments';

/** How often the scroll looks whether a rest is over (it reads no size). */
const PHASE_EVERY_MS = 1_000;

/**
 * Scrolls a list slowly downwards, rests at the bottom, returns to the top and rests again, for
 * ever: an unattended screen has nobody to scroll it. Speed is in rem per second, so it reads the
 * same on a 1080p and a 4K screen. The node clips; its first child (the list) is moved up by a
 * transform animation (Web Animations), which the compositor runs by itself: the page's main thread
 * is not woken for every frame (a requestAnimationFrame loop made it run the whole rendering pipeline
 * 60 times a second, about a tenth of it on a province board), nor laid out or painted again.
 *
 * A live board changes the list's height: a ResizeObserver tells when the list or its frame changed size
 * (after the browser laid the page out for its own frame: reading `offsetHeight` once a second instead
 * made each of those seconds lay out whatever had changed, inside the timer's task, 20–40 ms on a
 * province's board), and a scroll under way is taken on from where it is towards the new end (or ends
 * there when the list got shorter). The once-a-second timer only moves between resting and scrolling.
 */
export function autoScroll(remPerSecond = 1, restMs = 4_000): Attachment<HTMLElement> {
  return (node) => {
    type Phase = 'top' | 'down' | 'bottom';
    let phase: Phase = 'top';
    let phaseUntil = performance.now() + restMs;
    let content: HTMLElement | null = null;
    let animation: Animation | null = null;
    /** The scroll under way: from and to (pixels), started at (ms), lasting (ms). */
    let run = { from: 0, to: 0, startedAt: 0, duration: 0 };
    let max = 0;

    const speed = () => ((parseFloat(getComputedStyle(document.documentElement).fontSize) || 16) * remPerSecond) / 1000;
    /** Where the scroll under way is now, in pixels (from its start and speed: no style is read). */
    const current = (now: number) =>
      run.duration <= 0 ? run.to : run.from + (run.to - run.from) * Math.min(1, (now - run.startedAt) / run.duration);

    const place = (pixels: number) => {
      animation?.cancel();
      animation = null;
      run = { from: pixels, to: pixels, startedAt: performance.now(), duration: 0 };
      if (content) content.style.transform = pixels > 0 ? `translateY(${-pixels}px)` : '';
    };

    const scrollTo = (from: number, to: number, now: number) => {
      animation?.cancel();
      const duration = (to - from) / speed();
      run = { from, to, startedAt: now, duration };
      if (!content) return;
      content.style.transform = `translateY(${-from}px)`;
      animation = content.animate([{ transform: `translateY(${-from}px)` }, { transform: `translateY(${-to}px)` }], {
        duration,
        easing: 'linear',
        fill: 'forwards',
      });
    };

    /** How far the list reaches below its frame, as the observer last saw them (laid out already). */
    const measure = () => {
      max = content ? Math.max(0, content.offsetHeight - node.clientHeight) : 0;
    };
    const sizes = new ResizeObserver(() => {
      measure();
      tick();
    });
    sizes.observe(node);

    const tick = () => {
      const now = performance.now();
      const child = node.firstElementChild as HTMLElement | null;
      if (child !== content) {
        // A new list element (the list emptied and came back): start over at the top.
        animation?.cancel();
        animation = null;
        if (content) sizes.unobserve(content);
        content = child;
        // Its first size comes with the observer's next callback, after the browser has laid it out.
        if (content) sizes.observe(content);
        max = 0;
        phase = 'top';
        phaseUntil = now + restMs;
        place(0);
      }
      if (max <= 1) {
        if (phase !== 'top' || run.to !== 0) place(0);
        phase = 'top';
        phaseUntil = now + restMs;
        return;
      }
      if (phase === 'top' && now >= phaseUntil) {
        phase = 'down';
        scrollTo(0, max, now);
      } else if (phase === 'down') {
        const at = current(now);
        if (at >= max) {
          place(max);
          phase = 'bottom';
          phaseUntil = now + restMs;
        } else if (Math.abs(run.to - max) >= 1) {
          scrollTo(at, max, now); // the list grew or shrank: on from here to its new end
        }
      } else if (phase === 'bottom') {
        if (Math.abs(run.to - max) >= 1) place(max);
        if (now >= phaseUntil) {
          place(0);
          phase = 'top';
          phaseUntil = now + restMs;
        }
      }
    };

    tick();
    const timer = setInterval(tick, PHASE_EVERY_MS);
    return () => {
      clearInterval(timer);
      sizes.disconnect();
      animation?.cancel();
    };
  };
}
