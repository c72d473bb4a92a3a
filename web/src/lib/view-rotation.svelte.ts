import type { BoardStore } from './board-store.svelte';
import { CITY_SCOPE, type Scope } from './scope';

/**
 * `?rotate=N`: city → each county → each task force, N seconds each. Pauses while the spotlight
 * shows a project that just turned red, then carries on where it was.
 */
export class ViewRotation {
  /** 1-based place in the cycle and its length, for the header ("轮播 3/26"). */
  step = $state(1);
  total = $state(1);
  #store: BoardStore;
  #views: () => Scope[];
  #timer: ReturnType<typeof setInterval> | null = null;
  #index = 0;
  #paused = false;

  constructor(store: BoardStore, seconds: number, views: () => Scope[]) {
    this.#store = store;
    this.#views = views;
    this.#timer = setInterval(() => this.advance(), seconds * 1000);
  }

  advance(): void {
    const views = this.#views();
    this.total = Math.max(1, views.length);
    if (this.#paused || views.length === 0) return;
    this.#index = (this.#index + 1) % views.length;
    this.step = this.#index + 1;
    this.#store.setScope(views[this.#index] ?? CITY_SCOPE);
  }

  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#store.setScope(this.#views()[this.#index] ?? CITY_SCOPE);
  }

  dispose(): void {
    if (this.#timer) clearInterval(this.#timer);
  }
}
