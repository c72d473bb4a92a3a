import { createHash } from 'node:crypto';

/** prevHash of the first event of every stream. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${text}]`;
  }
  const record = value as Record<string, unknown>;
  // Sorted by UTF-16 code units, as `<` compares: the order every earlier hash was made with.
  const keys = Object.keys(record).sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(item)}`;
    first = false;
  }
  return `${text}}`;
}

export interface HashableEvent {
  stream: string;
  revision: number;
  id: string;
  type: string;
  data: unknown;
  meta: Record<string, unknown>;
}

/**
 * Fields of meta that are not covered: the hash itself, its MAC (over the hash), and recordedAt, which
 * the store sets after (the keyed global chain covers it).
 */
const UNHASHED_META = new Set(['hash', 'mac', 'recordedAt']);

/** SHA-256 over the canonical JSON of the event (stream, revision, id, type, data, meta) and prevHash. */
export function eventHash(event: HashableEvent, prevHash: string): string {
  const meta = Object.fromEntries(Object.entries(event.meta).filter(([k]) => !UNHASHED_META.has(k)));
  const body = canonicalJson({
    stream: event.stream,
    revision: event.revision,
    id: event.id,
    type: event.type,
    data: event.data,
    meta,
    prevHash,
  });
  return createHash('sha256').update(body).digest('hex');
}

/** A deterministic UUID (v5-shaped, SHA-1 based) for ids derived from an idempotency key. */
export function deterministicUuid(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 32).split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
