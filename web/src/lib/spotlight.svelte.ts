import type { ProjectRow } from '@battlemap/events';

/** A project the screen is drawing attention to because it just turned red. */
export interface SpotlightEntry {
  projectId: string;
  regionId: string;
  name: string;
}

const SHOW_MS = 15_000;
/** A month boundary can turn many projects red at once; show a few, not a queue that lasts all day. */
const MAX_QUEUED = 4;

export class Spotlight {
  current = $state.raw<SpotlightEntry | null>(null);
  #queue: SpotlightEntry[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #changed: (entry: SpotlightEntry | null) => void = () => {};

  onChange(listener: (entry: SpotlightEntry | null) => void): void {
    this.#changed = listener;
  }

  enqueue(project: ProjectRow): void {
    const entry = { projectId: project.id, regionId: project.regionId, name: project.name };
    if (this.current?.projectId === entry.projectId || this.#queue.some((q) => q.projectId === entry.projectId)) return;
    if (this.#queue.length >= MAX_QUEUED) return;
    this.#queue.push(entry);
    if (!this.current) this.#next();
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#queue = [];
  }

  #next(): void {
    this.current = this.#queue.shift() ?? null;
    this.#timer = this.current ? setTimeout(() => this.#next(), SHOW_MS) : null;
    this.#changed(this.current);
  }
}
