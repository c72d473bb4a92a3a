import { EVENT_SCHEMAS, EventType, SCHEMA_VERSIONS, isEventType } from './events';

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

/** Validates event data against the current schema (used before append, never on read). */
export function validateEventData(type: EventType, data: unknown): { ok: true } | { ok: false; message: string } {
  const result = EVENT_SCHEMAS[type].safeParse(data);
  return result.success ? { ok: true } : { ok: false, message: result.error.message };
}
