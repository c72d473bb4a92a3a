import { day, entityId } from './primitives';

/** What a calendar says, through Date (the check `day` replaced: the same answers, without a Date per call). */
function realByDate(text: string): boolean {
  const [y, m, d] = text.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 100 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

describe('day', () => {
  it('takes exactly the real days: month lengths, leap years (2000 yes, 1900 and 2100 no)', () => {
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let checked = 0;
    for (const year of [0, 99, 100, 1900, 1999, 2000, 2023, 2024, 2025, 2026, 2100, 2400, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (let d = 0; d <= 32; d++) {
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(d, 2)}`;
          expect([text, day.safeParse(text).success]).toEqual([text, realByDate(text)]);
          checked += 1;
        }
      }
    }
    expect(checked).toBe(13 * 14 * 33);
    expect(day.safeParse('2024-02-29').success).toBe(true);
    expect(day.safeParse('2026-02-29').success).toBe(false);
  });

  it('refuses what is not YYYY-MM-DD', () => {
    for (const text of ['2026-2-01', '2026-02-1', '2026/02/01', '20260201', 'abcd-ef-gh', '', ' 2026-02-01']) {
      expect(day.safeParse(text).success).toBe(false);
    }
  });
});

describe('entityId', () => {
  it("refuses every name of Object.prototype's own (ids become keys of plain objects) and takes ordinary ids", () => {
    for (const name of Object.getOwnPropertyNames(Object.prototype).filter((n) => /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(n))) {
      expect([name, entityId.safeParse(name).success]).toEqual([name, false]);
    }
    expect(entityId.safeParse('__proto__').success).toBe(false);
    for (const id of ['p-1', 'gy-lz-0001', 'tf_food', 'A9']) expect(entityId.safeParse(id).success).toBe(true);
  });
});
