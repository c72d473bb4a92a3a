import { type BoardState, eventPosition, isSecretStream, makeScope, parseStream, placeInScope, problemPlace } from '@battlemap/events';
import { parseInstant } from '../http/time-params';
import { ValidationError } from '../http/validation';
import type { EventStore, RecordedEvent } from '../store/event-store.port';

/**
 * The audit log's filters, shared by GET /api/events and the exports of the log. An event is in a
 * region or a task force when the thing it is about is: a problem by its place (its project's, else
 * its own), a project, inspection or progress report by its project, anything else by its own
 * `regionId` / `taskForceId` (an indicator, a region, a task force, a red flag). Places are judged on
 * the live board (where the project is now), so a project moved to another county brings its whole
 * history along. Events about no place (light rules, accounts) match no place filter.
 */
export interface EventFilter {
  stream?: string;
  type?: string;
  /** Recorded time, UTC ms, inclusive. */
  from?: number;
  to?: number;
  /** The actor's id (username) or display name. */
  actor?: string;
  region?: string;
  taskForce?: string;
}

export type EventQuery = Partial<Record<keyof EventFilter | 'after', string>>;

const SCAN_BATCH = 5000;

/** The filters of a query string; a 400 with a Chinese message for one that cannot be meant. */
export function parseEventFilter(query: EventQuery): EventFilter {
  const text = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);
  const stream = text(query.stream);
  // Only the application's own streams: never the store's system streams ($…) nor a made-up name.
  if (stream !== undefined && parseStream(stream) === null) {
    throw new ValidationError([{ field: 'stream', code: 'invalid_stream', message: 'stream：应为本系统的事件流名称，如 project-p-1' }]);
  }
  const filter: EventFilter = {
    stream,
    type: text(query.type),
    from: parseInstant(query.from, 'from'),
    to: parseInstant(query.to, 'to'),
    actor: text(query.actor),
    region: text(query.region),
    taskForce: text(query.taskForce),
  };
  if (filter.from !== undefined && filter.to !== undefined && filter.from > filter.to) {
    throw new ValidationError([{ field: 'to', code: 'invalid_range', message: 'to：结束时间不能早于开始时间 from' }]);
  }
  return filter;
}

export function parseAfter(after: string | undefined): string | undefined {
  if (after === undefined || after === '') return undefined;
  if (!eventPosition.safeParse(after).success) {
    throw new ValidationError([{ field: 'after', code: 'invalid_position', message: 'after：应为事件位置（十进制数字）' }]);
  }
  return after;
}

/** Whether any filter beyond the stream asks to look inside each event. */
function narrows(filter: EventFilter): boolean {
  return Boolean(filter.type || filter.from !== undefined || filter.to !== undefined || filter.actor || filter.region || filter.taskForce);
}

function matcher(filter: EventFilter, state: BoardState): (event: RecordedEvent) => boolean {
  const scope = filter.region || filter.taskForce ? makeScope(state, filter.region, filter.taskForce) : null;
  return (event) => {
    if (filter.type && event.type !== filter.type) return false;
    const { recordedAt } = event.meta;
    if (filter.from !== undefined && recordedAt < filter.from) return false;
    if (filter.to !== undefined && recordedAt > filter.to) return false;
    if (filter.actor) {
      const actor = event.meta.actor as { id?: string; name?: string } | undefined;
      if (actor?.id !== filter.actor && actor?.name !== filter.actor) return false;
    }
    if (scope) {
      const place = eventPlace(state, event);
      if (!place || !placeInScope(scope, place)) return false;
    }
    return true;
  };
}

/** Where an event happened, by the rule above; null when it is about no place. */
function eventPlace(state: BoardState, event: RecordedEvent): { regionId: string | null; taskForceId: string | null } | null {
  const data = (event.data ?? {}) as { projectId?: unknown; problemId?: unknown; regionId?: unknown; taskForceId?: unknown };
  if (typeof data.problemId === 'string' && Object.hasOwn(state.problems, data.problemId)) {
    return problemPlace(state, state.problems[data.problemId]);
  }
  if (typeof data.projectId === 'string' && Object.hasOwn(state.projects, data.projectId)) {
    const { regionId, taskForceId } = state.projects[data.projectId];
    return { regionId, taskForceId };
  }
  const regionId = typeof data.regionId === 'string' ? data.regionId : null;
  const taskForceId = typeof data.taskForceId === 'string' ? data.taskForceId : null;
  return regionId === null && taskForceId === null ? null : { regionId, taskForceId };
}

/**
 * The matching events after `after`, in position order, batch by batch, as the store gives them:
 * a page stops early, an export reads to the end without holding the log in memory.
 */
export async function* scanEvents(
  store: EventStore,
  filter: EventFilter,
  state: BoardState,
  after?: string,
): AsyncGenerator<RecordedEvent[]> {
  const matches = matcher(filter, state);
  if (filter.stream) {
    const { events } = await store.readStream(filter.stream);
    yield events.filter((e) => (after === undefined || BigInt(e.position) > BigInt(after)) && matches(e));
    return;
  }
  let cursor = after;
  for (;;) {
    const batch = await store.readAll({ after: cursor, limit: SCAN_BATCH });
    // Credential streams (hashes no person reads) are never in the log a person sees; verification covers them.
    const found = batch.filter((e) => !isSecretStream(e.stream) && (!narrows(filter) || matches(e)));
    if (found.length > 0) yield found;
    if (batch.length < SCAN_BATCH) return;
    // Positions follow recording: past `to`, nothing later can match.
    if (filter.to !== undefined && batch[batch.length - 1].meta.recordedAt > filter.to) return;
    cursor = batch[batch.length - 1].position;
  }
}

/** One page of the log: up to `limit` matches after `after`; `next` is the `after` of the next page. */
export async function pageEvents(
  store: EventStore,
  filter: EventFilter,
  state: BoardState,
  after: string | undefined,
  limit: number,
): Promise<{ events: RecordedEvent[]; next: string | null }> {
  const events: RecordedEvent[] = [];
  for await (const batch of scanEvents(store, filter, state, after)) {
    for (const event of batch) {
      events.push(event);
      if (events.length === limit) return { events, next: event.position };
    }
  }
  return { events, next: null };
}
