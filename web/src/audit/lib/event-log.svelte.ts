import type { EventEnvelope } from '@battlemap/events';
import type { ApiClient } from '../../console/lib/api';
import { queryString } from './route';

/** The log's filters as typed in the page (times as datetime-local text, China time). */
export interface LogFilters {
  from: string;
  to: string;
  stream: string;
  type: string;
  actor: string;
  region: string;
  taskForce: string;
}

export const NO_FILTERS: LogFilters = { from: '', to: '', stream: '', type: '', actor: '', region: '', taskForce: '' };

export const BLOCK = 200;

interface Page {
  events: EventEnvelope[];
  next: string | null;
  total?: number;
}

/** datetime-local text, read as China time, to UTC ms; '' stays ''. */
export function chinaInstant(text: string): string {
  if (!text) return '';
  const ms = Date.parse(`${text.length === 16 ? `${text}:00` : text}+08:00`);
  return Number.isNaN(ms) ? '' : String(ms);
}

/** The query string of these filters, as GET /api/events and the log's export read it. */
export function filterQuery(filters: LogFilters): Record<string, string> {
  return { ...filters, from: chinaInstant(filters.from), to: chinaInstant(filters.to) };
}

/**
 * The audit log, paged from the server in blocks of BLOCK rows and kept sparse, so a million rows
 * scroll without a million in memory. Unfiltered, the server gives the log's length and a block far
 * down is fetched at once, its `after` estimated from the positions (exact when the block before it
 * is loaded, as when scrolling). Filtered, the length is unknown: blocks load in order as the list
 * nears its end, and the list grows.
 */
export class EventLog {
  filters = $state<LogFilters>({ ...NO_FILTERS });
  /** Rows the scroller makes room for. */
  count = $state(0);
  /** Bumped when a block arrives, so the visible rows are read again. */
  version = $state(0);
  error = $state<string | null>(null);
  total = $state<number | null>(null);
  done = $state(false);

  #api: ApiClient;
  #blocks = new Map<number, EventEnvelope[]>();
  #loading = new Set<number>();
  #query = '';
  #first: bigint | null = null;
  #head: bigint | null = null;
  #generation = 0;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  /** (Re)starts the log with the current filters. */
  async reset(): Promise<void> {
    const generation = ++this.#generation;
    this.#blocks.clear();
    this.#loading.clear();
    this.done = false;
    this.error = null;
    this.#query = queryString(filterQuery(this.filters));
    const page = await this.#fetch(undefined);
    if (!page || generation !== this.#generation) return;
    this.#blocks.set(0, page.events);
    this.total = page.total ?? null;
    this.done = page.next === null;
    this.#first = page.events[0] ? BigInt(page.events[0].position) : null;
    if (this.total !== null) {
      const health = await this.#api.request<{ position: string | null }>('GET', '/api/health');
      this.#head = health.ok && health.body.position ? BigInt(health.body.position) : null;
    }
    this.#recount();
  }

  row(index: number): EventEnvelope | undefined {
    return this.#blocks.get(Math.floor(index / BLOCK))?.[index % BLOCK];
  }

  /** The rows from `first` to `last` are on screen: fetch the blocks they need. */
  need(first: number, last: number): void {
    for (let block = Math.floor(first / BLOCK); block <= Math.floor(last / BLOCK); block++) void this.#ensure(block);
  }

  /** How many rows are held in memory (the rest stay on the server). */
  get held(): number {
    let rows = 0;
    for (const block of this.#blocks.values()) rows += block.length;
    return rows;
  }

  async #ensure(block: number): Promise<void> {
    if (this.#blocks.has(block) || this.#loading.has(block)) return;
    const previous = this.#blocks.get(block - 1);
    let after: string | undefined;
    if (previous && previous.length > 0) after = previous[previous.length - 1].position;
    else if (this.total !== null && this.#first !== null && this.#head !== null && this.total > 1) {
      // Positions have few gaps: the row's place in the log maps to a position in proportion.
      const index = BigInt(block * BLOCK);
      after = String(this.#first - 1n + ((this.#head - this.#first + 1n) * index) / BigInt(this.total));
    } else return; // filtered: only the next block in order can be fetched
    const generation = this.#generation;
    this.#loading.add(block);
    const page = await this.#fetch(after);
    this.#loading.delete(block);
    if (!page || generation !== this.#generation) return;
    this.#blocks.set(block, page.events);
    if (this.total === null && page.next === null) this.done = true;
    this.#recount();
  }

  #recount(): void {
    if (this.total !== null) this.count = this.total;
    else {
      let loaded = 0;
      while (this.#blocks.has(loaded)) loaded++;
      const rows = loaded === 0 ? 0 : (loaded - 1) * BLOCK + this.#blocks.get(loaded - 1)!.length;
      this.count = this.done ? rows : rows + BLOCK;
    }
    this.version++;
  }

  async #fetch(after: string | undefined): Promise<Page | null> {
    const join = this.#query ? '&' : '?';
    const path = `/api/events${this.#query}${join}limit=${BLOCK}${after ? `&after=${after}` : ''}`;
    const answer = await this.#api.request<Page>('GET', path);
    if (!answer.ok) {
      this.error = answer.error.message;
      return null;
    }
    return answer.body;
  }
}
