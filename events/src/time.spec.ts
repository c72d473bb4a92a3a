import { chinaDay, chinaMonth } from './time';

/** What the time zone data says, the slow way both helpers skip. */
const shanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

describe('China time', () => {
  it('chinaDay and chinaMonth agree with the time zone data, also at the instants a day and a month turn', () => {
    const turns = [Date.parse('2026-04-30T15:59:59.999Z'), Date.parse('2026-04-30T16:00:00.000Z'), Date.parse('2025-12-31T16:00:00Z')];
    expect(turns.map(chinaMonth)).toEqual(['2026-04', '2026-05', '2026-01']);
    expect(turns.map(chinaDay)).toEqual(['2026-04-30', '2026-05-01', '2026-01-01']);
    let checked = 0;
    for (let t = Date.parse('1992-01-01T00:00:00Z'); t < Date.parse('2040-01-01T00:00:00Z'); t += 61 * 3600_000 + 13 * 60_000) {
      const expected = shanghai.format(new Date(t));
      expect(chinaDay(t)).toBe(expected);
      expect(chinaDay(new Date(t))).toBe(expected);
      expect(chinaMonth(t)).toBe(expected.slice(0, 7));
      checked += 1;
    }
    expect(checked).toBeGreaterThan(6_000);
  });

  it('chinaDay asks the time zone data for the years China kept summer time (1986–1991)', () => {
    // 1988-07-01 00:30 in China's summer time (UTC+9) was 1988-06-30T15:30Z: a fixed +8 would say the 30th.
    expect(chinaDay(Date.parse('1988-06-30T15:30:00Z'))).toBe(shanghai.format(new Date('1988-06-30T15:30:00Z')));
    expect(chinaDay(Date.parse('1988-06-30T15:30:00Z'))).toBe('1988-07-01');
  });
});
