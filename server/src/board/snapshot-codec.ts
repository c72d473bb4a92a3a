/**
 * How a board snapshot's body is laid out on disk, chosen for a cheap decode (a replay at a random
 * moment pays for it every time; the write happens once every N events):
 *
 * - **In parts.** Every record (plain object) with at least PART_KEYS keys inside the body's own
 *   (`board.problems`, `board.inspections.byVisit`, …) is cut into parts of PART_KEYS entries; the rest
 *   of the body is part 0, with the cut records left empty and their paths listed. Each part is
 *   compressed on its own, so a replay inflates them on libuv's thread pool, several at once, while
 *   the event loop parses the ones already inflated (and reads the events after the snapshot).
 * - **ASCII only.** Every character above U+007E is written as a `\uXXXX` escape, so the inflated bytes
 *   become a string with a plain copy (`latin1`) instead of a UTF-8 decode, which costs as much as the
 *   JSON.parse itself on CJK-heavy text. It also makes U+2028 and U+2029 harmless.
 *
 * Decoding gives back exactly what `JSON.parse(JSON.stringify(body))` would: the same values, and keys
 * in the same order (each record's parts are put back in the order they were cut).
 */

/** A record with at least this many keys is cut into parts of this many entries. */
export const PART_KEYS = 2_000;
/** How deep records are looked for: the body's (never cut themselves), the board's, and their records. */
const CUT_DEPTH = 3;

/** Part 0: the body with every cut record left empty, and where those records are. */
interface Skeleton {
  cut: string[][];
  body: unknown;
}

/** Parts 1…: one slice of one cut record, by its index in `Skeleton.cut`. */
type Slice = [number, Record<string, unknown>];

type Json = Record<string, unknown>;

/**
 * The body as JSON texts: part 0 first, then the slices, in the order to put them back. Synchronous:
 * the caller's state may change right after (the live board folds in place).
 */
export function bodyTexts(body: unknown, partKeys = PART_KEYS): string[] {
  const cut: string[][] = [];
  const slices: string[] = [];
  const visit = (object: Json, path: string[], depth: number): Json => {
    const copy: Json = {};
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (!isRecord(value)) {
        put(copy, key, value);
        continue;
      }
      const keys = Object.keys(value);
      if (keys.length >= partKeys && path.length > 0) {
        put(copy, key, {});
        cut.push([...path, key]);
        for (let from = 0; from < keys.length; from += partKeys) {
          const slice: Json = {};
          for (const entry of keys.slice(from, from + partKeys)) put(slice, entry, value[entry]);
          slices.push(JSON.stringify([cut.length - 1, slice] satisfies Slice));
        }
      } else {
        put(copy, key, depth > 1 ? visit(value, [...path, key], depth - 1) : value);
      }
    }
    return copy;
  };
  const skeleton = isRecord(body) ? visit(body, [], CUT_DEPTH) : body;
  return [JSON.stringify({ cut, body: skeleton } satisfies Skeleton), ...slices];
}

/** Puts the parts back together, as they come, in the order `bodyTexts` gave them. */
export class BodyAssembler {
  private skeleton?: Skeleton;
  private records: Json[] = [];

  add(text: string): void {
    if (!this.skeleton) {
      this.skeleton = JSON.parse(text) as Skeleton;
      this.records = this.skeleton.cut.map((path) => path.reduce<Json>((at, key) => at[key] as Json, this.skeleton!.body as Json));
      return;
    }
    const [index, slice] = JSON.parse(text) as Slice;
    const record = this.records[index];
    // A key `__proto__` (JSON.parse makes it an own property) must stay one: assign would set the prototype.
    if (Object.hasOwn(slice, '__proto__')) for (const key of Object.keys(slice)) put(record, key, slice[key]);
    else Object.assign(record, slice);
  }

  get body(): unknown {
    if (!this.skeleton) throw new Error('snapshot body: no parts');
    return this.skeleton.body;
  }
}

/** The body from all its texts at once. */
export function bodyFromTexts(texts: string[]): unknown {
  const assembler = new BodyAssembler();
  for (const text of texts) assembler.add(text);
  return assembler.body;
}

const HEX = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0));

/** JSON text as ASCII bytes: every character above U+007E as a `\uXXXX` escape (they only occur inside strings). */
export function asciiJson(text: string): Buffer {
  let escaped = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7e) escaped += 1;
  if (escaped === 0) return Buffer.from(text, 'latin1');
  const out = Buffer.allocUnsafe(text.length + 5 * escaped);
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x7e) {
      out[o++] = c;
      continue;
    }
    out[o++] = 0x5c; // \
    out[o++] = 0x75; // u
    out[o++] = HEX[c >> 12];
    out[o++] = HEX[(c >> 8) & 15];
    out[o++] = HEX[(c >> 4) & 15];
    out[o++] = HEX[c & 15];
  }
  return out;
}

/** How many characters of a JSON text are escaped to ASCII in one turn of the event loop. */
const ESCAPE_SLICE = 1 << 20;

/** `asciiJson(text)`, a slice per turn of the event loop (escaping is per character, so any cut will do). */
export async function asciiInSlices(text: string): Promise<Buffer> {
  if (text.length <= ESCAPE_SLICE) return asciiJson(text);
  const slices: Buffer[] = [];
  for (let from = 0; from < text.length; from += ESCAPE_SLICE) {
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    slices.push(asciiJson(text.slice(from, from + ESCAPE_SLICE)));
  }
  return Buffer.concat(slices);
}

/** A compressed part and how long it is once inflated (so it inflates into one buffer of that size). */
export interface StoredPart {
  bytes: Buffer;
  inflatedLength: number;
}

/** Several parts as one byte string: their count, each one's length and inflated length (32-bit, big-endian), then the bytes. */
export function frame(parts: StoredPart[]): Buffer {
  const header = Buffer.allocUnsafe(4 * (2 * parts.length + 1));
  header.writeUInt32BE(parts.length, 0);
  parts.forEach(({ bytes, inflatedLength }, i) => {
    header.writeUInt32BE(bytes.length, 4 * (2 * i + 1));
    header.writeUInt32BE(inflatedLength, 4 * (2 * i + 2));
  });
  return Buffer.concat([header, ...parts.map((part) => part.bytes)]);
}

/** The parts `frame` put together (views into `bytes`, no copy). */
export function unframe(bytes: Buffer): StoredPart[] {
  const count = bytes.readUInt32BE(0);
  const parts: StoredPart[] = [];
  let at = 4 * (2 * count + 1);
  for (let i = 0; i < count; i++) {
    const length = bytes.readUInt32BE(4 * (2 * i + 1));
    if (at + length > bytes.length) throw new Error('snapshot body: truncated');
    parts.push({ bytes: bytes.subarray(at, at + length), inflatedLength: bytes.readUInt32BE(4 * (2 * i + 2)) });
    at += length;
  }
  if (at !== bytes.length) throw new Error('snapshot body: trailing bytes');
  return parts;
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `object[key] = value`, also for the key `__proto__`, which an assignment would take as the prototype. */
function put(object: Json, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}
