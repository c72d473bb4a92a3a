import { createHash } from 'node:crypto';
import { mulberry32 } from '@battlemap/events';
import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain';

/** The first implementation, kept here as the definition every stored hash was made with. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

const KEYS = ['a', 'B', 'b', '10', '9', 'é', '项目', 'stage', 'z\u2028', '"q"', '😀', 'Z', '_', ''];
const STRINGS = ['', '广元市利州区', 'line\nbreak', 'tab\t"quote"\\', '\u2028\u2029', '😀 emoji', '\u0000'];

function randomValue(random: () => number, depth: number): unknown {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const kind = depth > 3 ? Math.floor(random() * 4) : Math.floor(random() * 7);
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick([0, -1, 1.5, 1e21, 123456789, -0.000001]);
    case 2:
      return pick([true, false, null]);
    case 3:
      return undefined;
    case 4:
    case 5: {
      const object: Record<string, unknown> = {};
      for (let i = Math.floor(random() * 6); i > 0; i--) object[pick(KEYS)] = randomValue(random, depth + 1);
      return object;
    }
    default:
      return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth + 1));
  }
}

describe('canonicalJson', () => {
  it('writes exactly what the first implementation wrote, for random JSON with CJK, emoji, U+2028 and undefined', () => {
    const random = mulberry32(2026);
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(random, 0);
      expect(canonicalJson(value)).toBe(reference(value));
    }
  });

  it('sorts keys by code unit at every level and leaves undefined members out', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, undefined], c: undefined }, B: '项目' })).toBe('{"B":"项目","a":{"d":[2,null]},"b":1}');
  });

  it('keeps the hash of a known event', () => {
    const event = {
      stream: 'project-p1',
      revision: 0,
      id: 'e1',
      type: 'ProjectRegistered',
      data: { name: '项目', n: 1 },
      meta: { actor: 'u', hash: 'x' },
    };
    const body =
      '{"data":{"n":1,"name":"项目"},"id":"e1","meta":{"actor":"u"},"prevHash":"' +
      GENESIS_HASH +
      '","revision":0,"stream":"project-p1","type":"ProjectRegistered"}';
    expect(eventHash(event, GENESIS_HASH)).toBe(createHash('sha256').update(body).digest('hex'));
  });
});
