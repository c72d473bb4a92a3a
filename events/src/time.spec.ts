import { chinaDay, chinaMonth } from './time';

describe('China time', () => {
  it('chinaMonth agrees with chinaDay, also at the instants a month turns', () => {
    const turns = [Date.parse('2026-04-30T15:59:59.999Z'), Date.parse('2026-04-30T16:00:00.000Z'), Date.parse('2025-12-31T16:00:00Z')];
    expect(turns.map(chinaMonth)).toEqual(['2026-04', '2026-05', '2026-01']);
    for (let t = Date.parse('1995-01-01T00:00:00Z'); t < Date.parse('2040-01-01T00:00:00Z'); t += 61 * 3600_000 + 13 * 60_000) {
      expect(chinaMonth(t)).toBe(chinaDay(t).slice(0, 7));
    }
  });
});
