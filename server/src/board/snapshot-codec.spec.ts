import { deflateSync, inflateSync } from 'node:zlib';
import { PART_KEYS, asciiJson, bodyFromTexts, bodyTexts, frame, unframe } from './snapshot-codec';

/** What a snapshot decodes to: the texts escaped to ASCII bytes, deflated, framed, and all the way back. */
function roundTrip(body: unknown, partKeys?: number): { decoded: unknown; parts: number; bytes: Buffer[] } {
  const escaped = bodyTexts(body, partKeys).map(asciiJson);
  const stored = frame(escaped.map((bytes) => ({ bytes: deflateSync(bytes, { level: 1 }), inflatedLength: bytes.length })));
  const texts = unframe(stored).map((part) => {
    const text = inflateSync(part.bytes).toString('latin1');
    expect(text).toHaveLength(part.inflatedLength);
    return text;
  });
  return { decoded: bodyFromTexts(texts), parts: texts.length, bytes: escaped };
}

const ODD_TEXT = '项目用地指标尚未落实\u2028第二行\u2029「引号」 emoji 🚧 lone \ud800 end \u007f\u0080\uffff';

/** A board-like body: large records of records (some cut, some not), at each depth, with awkward keys and text. */
function oddBody(size: number) {
  const problems: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    problems[`q${i}`] = {
      id: `q${i}`,
      description: `${ODD_TEXT} ${i}`,
      steps: [{ status: 'raised', on: '2025-01-13', deadline: '2025-02-12' }],
      optional: i % 3 === 0 ? undefined : null,
      amount: i / 7,
    };
  }
  problems.__proto__ = { polluted: true };
  Object.defineProperty(problems, '__proto__', { value: { own: '真' }, enumerable: true, writable: true, configurable: true });
  // Integer-like keys come first in any object, whatever the insertion order: they must stay first.
  problems['2025'] = { id: 'year-like' };
  problems['7'] = { id: 'small' };
  problems['007'] = { id: 'not an index' };
  const byVisit: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) byVisit[`p${i}`] = { [`ld-${i % 5}`]: { last: '2025-03-01', months: { '2025-03': i } } };
  return {
    board: {
      position: '999',
      projects: { p1: { id: 'p1', name: '隆荣新材料年产50万只铝合金轮毂项目', location: [105.24292, 32.57445] } },
      problems,
      problemIds: Object.keys(problems),
      inspections: { byInspector: {}, byProject: {}, byVisit },
      recent: [{ text: ODD_TEXT }],
      lightRules: [],
    },
    projections: { accounts: { u: { name: '张伟' } }, $quarantine: [] },
  };
}

describe('snapshot codec', () => {
  it('gives back exactly what JSON.parse(JSON.stringify(body)) gives: values, key order, CJK, U+2028, emoji, lone surrogates, __proto__ keys', () => {
    const body = oddBody(2_500);
    const expected = JSON.parse(JSON.stringify(body)) as unknown;
    for (const partKeys of [PART_KEYS, 7, 1]) {
      const { decoded, parts } = roundTrip(body, partKeys);
      expect(JSON.stringify(decoded)).toBe(JSON.stringify(body));
      expect(decoded).toEqual(expected);
      expect(parts).toBeGreaterThan(4);
    }
    // Cut for real at the default size: the two large records (2,504 and 2,500 keys), in two parts each.
    expect(roundTrip(body).parts).toBe(5);
    const { decoded } = roundTrip(body, 7);
    const problems = (decoded as { board: { problems: Record<string, unknown> } }).board.problems;
    expect(Object.getPrototypeOf(problems)).toBe(Object.prototype);
    expect(Object.hasOwn(problems, '__proto__')).toBe(true);
    expect(problems['__proto__']).toEqual({ own: '真' });
    expect(Object.keys(problems).slice(0, 3)).toEqual(['7', '2025', 'q0']);
  });

  it('writes ASCII only: every character above U+007E as a \\u escape, which JSON.parse reads back', () => {
    const { bytes } = roundTrip(oddBody(10), 3);
    for (const part of bytes) expect(part.every((byte) => byte <= 0x7e)).toBe(true);
    const text = JSON.stringify({ s: ODD_TEXT });
    expect(asciiJson(text).toString('latin1')).toContain('\\u2028');
    expect(JSON.parse(asciiJson(text).toString('latin1'))).toEqual({ s: ODD_TEXT });
    expect(asciiJson('{"plain":1}').toString('latin1')).toBe('{"plain":1}');
  });

  it('keeps bodies that are not records of records as they are', () => {
    for (const body of [{}, { board: { a: [1, 2, { b: null }] } }, { board: { position: null, problemIds: [] } }]) {
      expect(roundTrip(body, 1).decoded).toEqual(body);
    }
  });

  it('refuses a framed body that was cut short or has bytes after its parts', () => {
    const stored = frame([
      { bytes: Buffer.from('abc'), inflatedLength: 30 },
      { bytes: Buffer.from('de'), inflatedLength: 20 },
    ]);
    expect(unframe(stored).map((part) => [String(part.bytes), part.inflatedLength])).toEqual([
      ['abc', 30],
      ['de', 20],
    ]);
    expect(() => unframe(stored.subarray(0, stored.length - 1))).toThrow('truncated');
    expect(() => unframe(Buffer.concat([stored, Buffer.from('x')]))).toThrow('trailing');
  });
});
