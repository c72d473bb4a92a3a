import type { ImportReport } from '@battlemap/events';
import type { ColumnSpec, FoundColumn, ProgressColumn, ProjectColumn } from './ledger-columns';
import { PROGRESS_COLUMNS, PROJECT_COLUMNS, columnLetter, knownHeaderCount, matchHeaders } from './ledger-columns';
import {
  type CellValue,
  type Parsed,
  cellText,
  isBlank,
  parseDay,
  parseMoney,
  parseMonth,
  parseNumber,
  parsePlannedDate,
} from './ledger-cells';
import { ImportFileError, type SheetGrid, cellKey } from './sheet-reader';

/**
 * A grid becomes typed rows: the header found and checked, each cell parsed by its column, every
 * problem reported as {row, column, message} with the sheet's own row number and header. Pure.
 */

/** {row: the sheet's row number as Excel shows it, column: the header as written, message}. */
export type RowError = ImportReport['errors'][number];

/** A blank cell is absent (undefined): for a known project it means "no change". */
export interface ProjectRow {
  row: number;
  id?: string;
  name?: string;
  owner?: string;
  taskForce?: string;
  region?: string;
  kind?: string;
  totalInvestment?: number;
  annualPlanInvestment?: number;
  stage?: string;
  stageOn?: string;
  plannedStart?: string;
  plannedCompletion?: string;
  lng?: number;
  lat?: number;
  leadUnit?: string;
  leader?: string;
}

export interface ProgressRow {
  row: number;
  id?: string;
  name?: string;
  month?: string;
  investment?: number;
  progress?: number;
  milestone?: string;
  note?: string;
}

export interface ReadRows<R> {
  rows: R[];
  errors: RowError[];
  /** Where each column was found, to name it in later errors. */
  headers: Partial<Record<keyof R, string>>;
}

type Reader<T> = (cell: CellValue, column: FoundColumn) => Parsed<T>;

const textCell: Reader<string> = (cell) => ({ ok: true, value: cellText(cell) });
const moneyCell: Reader<number> = (cell, column) => parseMoney(cell, column.unit);
const numberCell: Reader<number> = (cell) => parseNumber(cell);

const PROJECT_READERS: Record<ProjectColumn, Reader<string | number>> = {
  id: textCell,
  name: textCell,
  owner: textCell,
  taskForce: textCell,
  region: textCell,
  kind: textCell,
  totalInvestment: moneyCell,
  annualPlanInvestment: moneyCell,
  stage: textCell,
  stageOn: parseDay,
  plannedStart: parsePlannedDate,
  plannedCompletion: parsePlannedDate,
  lng: numberCell,
  lat: numberCell,
  leadUnit: textCell,
  leader: textCell,
};

const PROGRESS_READERS: Record<ProgressColumn, Reader<string | number>> = {
  id: textCell,
  name: textCell,
  month: parseMonth,
  investment: moneyCell,
  progress: (cell) => {
    // 形象进度 is often typed as "65%" or formatted as a percentage (0.65 in the cell).
    const text = typeof cell === 'string' ? cell.trim().replace(/[%％]$/, '') : cell;
    return parseNumber(text);
  },
  milestone: textCell,
  note: textCell,
};

export function readProjectRows(grid: SheetGrid): ReadRows<ProjectRow> {
  return readRows<ProjectRow, ProjectColumn>(grid, PROJECT_COLUMNS, PROJECT_READERS);
}

export function readProgressRows(grid: SheetGrid): ReadRows<ProgressRow> {
  const read = readRows<ProgressRow, ProgressColumn>(grid, PROGRESS_COLUMNS, PROGRESS_READERS);
  if (!read.headers.id && !read.headers.name) {
    throw new ImportFileError('missing_columns', '表头缺少“项目名称”或“项目编号”：至少要有一列指明是哪个项目');
  }
  return read;
}

/** The header is the first of the top ten rows with three known column names; title rows above it are skipped. */
function findHeader(grid: SheetGrid, specs: readonly ColumnSpec[]): number {
  const top = grid.rows.slice(0, 10);
  const index = top.findIndex((row) => knownHeaderCount(row, specs) >= 3);
  if (index >= 0) return index;
  const expected = specs.filter((s) => s.required).map((s) => s.names[0]);
  throw new ImportFileError('missing_header', `找不到表头：前10行里没有一行写着${expected.map((n) => `“${n}”`).join('、')}等列名`);
}

function readRows<R extends { row: number }, K extends string & keyof R>(
  grid: SheetGrid,
  specs: readonly ColumnSpec<K>[],
  readers: Record<K, Reader<string | number>>,
): ReadRows<R> {
  const headerIndex = findHeader(grid, specs);
  const header = grid.rows[headerIndex];
  const merged = header.findIndex((_, column) => grid.merged.has(cellKey(headerIndex, column)));
  if (merged >= 0) {
    throw new ImportFileError(
      'merged_header',
      `表头第${headerIndex + 1}行的 ${columnLetter(merged)} 列是合并单元格：请取消合并，每列一个列名（多行表头请合成一行）`,
    );
  }
  const match = matchHeaders(header, specs);
  if (!match.ok) {
    const parts = [
      match.missing.length > 0 && `缺少列${match.missing.map((n) => `“${n}”`).join('、')}`,
      match.duplicates.length > 0 && `列${match.duplicates.map((n) => `“${n}”`).join('、')}出现了不止一次`,
    ].filter(Boolean);
    throw new ImportFileError('missing_columns', `表头不对：${parts.join('；')}`);
  }
  const found = Object.entries(match.columns) as [K, FoundColumn][];
  const rows: R[] = [];
  const errors: RowError[] = [];
  for (let r = headerIndex + 1; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (cells.every(isBlank)) continue;
    const row = { row: r + 1 } as R;
    for (const [key, column] of found) {
      const problem = grid.unreadable.get(cellKey(r, column.index));
      if (problem) {
        errors.push({ row: r + 1, column: column.header, message: problem });
        continue;
      }
      const cell = cells[column.index] ?? null;
      if (isBlank(cell)) continue;
      const parsed = readers[key](cell, column);
      if (parsed.ok) (row as Record<string, unknown>)[key] = parsed.value;
      else errors.push({ row: r + 1, column: column.header, message: parsed.message });
    }
    rows.push(row);
  }
  if (rows.length === 0) throw new ImportFileError('empty_sheet', '表里只有表头，没有数据行');
  const headers = Object.fromEntries(found.map(([key, column]) => [key, column.header])) as Partial<Record<keyof R, string>>;
  return { rows, errors, headers };
}
