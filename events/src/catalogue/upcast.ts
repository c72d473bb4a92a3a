import { type DomainEvent, EVENT_SCHEMAS, type EventType, SCHEMA_VERSIONS, isEventType } from './events';

/**
 * Upcasters turn an event's data from schema version n to n+1. Register one whenever an event's shape
 * changes and its SCHEMA_VERSIONS entry is bumped: stored history is never rewritten.
 */
type Upcaster = (data: unknown) => unknown;
const UPCASTERS: Partial<Record<EventType, Record<number, Upcaster>>> = {};

export function registerUpcaster(type: EventType, fromVersion: number, upcaster: Upcaster): void {
  (UPCASTERS[type] ??= {})[fromVersion] = upcaster;
}

/** Data at the current schema version, or the data unchanged for a type this build does not know. */
export function upcast(type: string, schema: number | undefined, data: unknown): unknown {
  if (!isEventType(type)) return data;
  let version = schema ?? 1;
  let current = data;
  while (version < SCHEMA_VERSIONS[type]) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new Error(`no upcaster for ${type} from schema ${version}`);
    current = step(current);
    version += 1;
  }
  return current;
}

/**
 * A stored event (or envelope) with its data at the current schema version, the rest unchanged: the
 * event itself when its data is already there (a cold start upcasts a million events, nearly all of
 * them current: a copy of each was only work for the collector), else a copy. Neither is to be changed.
 */
export function upcastEvent<E extends StoredEvent>(event: E): E {
  const data = upcast(event.type, schemaOf(event), event.data);
  return data === event.data ? event : { ...event, data };
}

/** A stored event as the deciders see it: type and data, upcast to the current schema. */
export function toDomainEvent(event: StoredEvent): DomainEvent {
  return { type: event.type, data: upcast(event.type, schemaOf(event), event.data) } as DomainEvent;
}

/** What upcasting reads of a stored event; `meta.schema` is absent on events written before versions. */
interface StoredEvent {
  type: string;
  data: unknown;
  meta: object;
}

const schemaOf = (event: StoredEvent) => (event.meta as { schema?: number }).schema;

/**
 * Why a stored event cannot be folded, or null: its data, upcast to the current schema, fails that
 * schema (a row edited by hand, a bug in an old build). Readers set such an event aside instead of
 * failing on it forever. Types this build does not know pass: a newer server may write them.
 */
export function unfoldableReason(event: StoredEvent): string | null {
  if (!isEventType(event.type)) return null;
  if (checkedAt(event.data) === event.type && schemaOf(event) === SCHEMA_VERSIONS[event.type]) return null;
  let data: unknown;
  try {
    data = upcast(event.type, schemaOf(event), event.data);
  } catch (error) {
    return (error as Error).message;
  }
  const checked = validateEventData(event.type, data);
  return checked.ok ? null : `data fails the ${event.type} schema: ${checked.message.replace(/\s+/g, ' ').slice(0, 300)}`;
}

/** Validates event data against the current schema: before every append, and by readers setting bad events aside. */
export function validateEventData(type: EventType, data: unknown): { ok: true } | { ok: false; message: string } {
  if (checkedAt(data) === type) return { ok: true };
  const result = EVENT_SCHEMAS[type].safeParse(data);
  return result.success ? { ok: true } : { ok: false, message: result.error.message };
}

/**
 * validateEventData for an event about to be appended, remembering the data object that passed, so this
 * process's readers of the event (handed that same object) need not check it again. Only for appends:
 * remembering every object a reader checks (a million at a cold start) would only burden the collector.
 */
export function validateNewEventData(type: EventType, data: unknown): { ok: true } | { ok: false; message: string } {
  const checked = validateEventData(type, data);
  if (checked.ok && typeof data === 'object' && data !== null) CHECKED.set(data, type);
  return checked;
}

/**
 * Data objects that passed their type's schema in this process, and as which type: the command handler
 * validates every event it appends, and the store hands its own subscribers those same objects, so the
 * live board does not check them a second time. Whoever changes a checked object afterwards breaks this;
 * nothing does (events are values), and a new object from a read is always checked.
 */
const CHECKED = new WeakMap<object, EventType>();

function checkedAt(data: unknown): EventType | undefined {
  return typeof data === 'object' && data !== null ? CHECKED.get(data) : undefined;
}
