import { parseDay, parseMoney, parseMonth, parseNumber, parsePlannedDate } from './ledger-cells';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) => (parsed.ok ? parsed.value : `✗ ${parsed.message}`);

describe('a ledger date', () => {
  it.each([
    ['an ISO day', '2024-03-01', '2024-03-01'],
    ['slashes', '2024/3/1', '2024-03-01'],
    ['dots', '2024.3.1', '2024-03-01'],
    ['Chinese', '2024年3月1日', '2024-03-01'],
    ['Chinese without 日', '2024年3月1', '2024-03-01'],
    ['full-width digits', '２０２４年３月１日', '2024-03-01'],
    ['an Excel serial number', 45352, '2024-03-01'],
    ['an Excel serial as text', '45352', '2024-03-01'],
    ['a date cell (midnight UTC)', new Date(Date.UTC(2024, 2, 1)), '2024-03-01'],
    ['the leap day', '2024年2月29日', '2024-02-29'],
  ])('reads %s', (_, cell, day) => {
    expect(value(parseDay(cell))).toBe(day);
  });

  it.each([
    ['a day that does not exist', '2023年2月29日', '日期不存在'],
    ['month 13', '2024.13.1', '月份不存在'],
    ['a month where a day is needed', '2024年3月', '应为具体日期'],
    ['words', '三月初', '不是可识别的日期'],
    ['a serial out of range', 3, '不是可识别的日期'],
    ['a fractional serial', 45352.5, '不是可识别的日期'],
  ])('refuses %s', (_, cell, message) => {
    expect(value(parseDay(cell))).toContain(message);
  });

  it('takes a month or a day where a plan may be either, and a month from any day', () => {
    expect(value(parsePlannedDate('2024年6月'))).toBe('2024-06');
    expect(value(parsePlannedDate('2024.6'))).toBe('2024-06');
    expect(value(parsePlannedDate('2024-06-15'))).toBe('2024-06-15');
    expect(value(parseMonth('2024年11月'))).toBe('2024-11');
    expect(value(parseMonth(new Date(Date.UTC(2024, 10, 1))))).toBe('2024-11');
  });
});

describe('ledger money and numbers', () => {
  it('converts 亿元 to integer 万元, rounding to the nearest', () => {
    expect(value(parseMoney(5.2, '亿元'))).toBe(52_000);
    expect(value(parseMoney('12.345', '亿元'))).toBe(123_450);
    expect(value(parseMoney(0.00004, '亿元'))).toBe(0);
    expect(value(parseMoney('1,200.6', '万元'))).toBe(1_201);
  });

  it('refuses text and negatives in a number column, with what was written', () => {
    expect(value(parseMoney('三千', '万元'))).toBe('✗ 应为数字，却是“三千”');
    expect(value(parseMoney(-5, '万元'))).toBe('✗ 金额不能为负');
    expect(value(parseNumber(new Date(0)))).toContain('日期');
    expect(value(parseNumber('１２００'))).toBe(1200);
  });
});
