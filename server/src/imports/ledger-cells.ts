/**
 * How a ledger cell becomes a value: the ways county offices actually write money, dates and
 * numbers (万元 or 亿元, Excel serial dates, 2024年3月1日, 2024.3.1). Pure: no Nest, no exceljs.
 */

/** A cell as the readers hand it over: text, a number, a date, or nothing. */
export type CellValue = string | number | Date | null;

/** A value, or the Chinese message that says what is wrong with the cell. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

export const isBlank = (cell: CellValue): boolean => cell === null || (typeof cell === 'string' && cell.trim() === '');

/** Text as written, trimmed; numbers and dates as they read. */
export function cellText(cell: CellValue): string {
  if (cell === null) return '';
  if (cell instanceof Date) return isoDay(cell);
  return String(cell).trim();
}

/** A number, from a number cell or text such as "1,200.5" or "１２００". */
export function parseNumber(cell: CellValue): Parsed<number> {
  if (typeof cell === 'number') return Number.isFinite(cell) ? ok(cell) : bad('不是有效的数字');
  if (cell instanceof Date) return bad('应为数字，却是日期');
  const text = toHalfWidth(cellText(cell)).replace(/[,，\s]/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(text)) return bad(`应为数字，却是“${cellText(cell)}”`);
  return ok(Number(text));
}

/** Money as stored: integer 万元. A 亿元 column is multiplied by 10,000; both round to the nearest 万元. */
export function parseMoney(cell: CellValue, unit: MoneyUnit): Parsed<number> {
  const number = parseNumber(cell);
  if (!number.ok) return number;
  if (number.value < 0) return bad('金额不能为负');
  return ok(Math.round(number.value * UNIT_FACTORS[unit]));
}

export type MoneyUnit = '万元' | '亿元';
const UNIT_FACTORS: Record<MoneyUnit, number> = { 万元: 1, 亿元: 10_000 };

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug included): serial 45352 is 2024-03-01. */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** A calendar day, YYYY-MM-DD: from a date cell, an Excel serial, or 2024-03-01 / 2024/3/1 / 2024.3.1 / 2024年3月1日. */
export function parseDay(cell: CellValue): Parsed<string> {
  const parsed = parseCalendar(cell);
  if (!parsed.ok) return parsed;
  if (parsed.value.length !== 10) return bad(`应为具体日期（年月日），却是“${cellText(cell)}”`);
  return parsed;
}

/** A planned date: a day, or a month (2024-03, 2024年3月, 2024.3). */
export function parsePlannedDate(cell: CellValue): Parsed<string> {
  return parseCalendar(cell);
}

/** A month, YYYY-MM, from a month or from any day in it. */
export function parseMonth(cell: CellValue): Parsed<string> {
  const parsed = parseCalendar(cell);
  return parsed.ok ? ok(parsed.value.slice(0, 7)) : parsed;
}

function parseCalendar(cell: CellValue): Parsed<string> {
  if (cell instanceof Date) {
    return Number.isNaN(cell.getTime()) ? bad('不是有效的日期') : ok(isoDay(cell));
  }
  if (typeof cell === 'number') return serialDay(cell);
  const text = toHalfWidth(cellText(cell));
  if (/^\d{5}(\.0+)?$/.test(text)) return serialDay(Number(text));
  const match = /^(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:(?:[-/.月])\s*(\d{1,2})\s*日?|月)?$/.exec(text);
  if (!match) return bad(`不是可识别的日期：“${cellText(cell)}”（可写 2024-03-01、2024/3/1、2024.3.1、2024年3月1日）`);
  const [, y, m, d] = match;
  const month = `${y}-${m.padStart(2, '0')}`;
  if (Number(m) < 1 || Number(m) > 12) return bad(`月份不存在：“${cellText(cell)}”`);
  if (d === undefined) return ok(month);
  const day = `${month}-${d.padStart(2, '0')}`;
  return isRealDay(day) ? ok(day) : bad(`日期不存在：“${cellText(cell)}”`);
}

function serialDay(serial: number): Parsed<string> {
  // 36526 (2000-01-01) to 73050 (2099-12-31): a small number in a date column is a slip, not 1900.
  if (!Number.isInteger(serial) || serial < 36_526 || serial > 73_050) return bad(`不是可识别的日期：“${serial}”`);
  return ok(isoDay(new Date(EXCEL_EPOCH_MS + serial * DAY_MS)));
}

/** exceljs reads a date cell as midnight UTC of the day written, so the UTC fields are the day. */
function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && isoDay(date) === day;
}

/** Full-width digits and punctuation (１２３．５) as typed by a Chinese input method. */
function toHalfWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}
