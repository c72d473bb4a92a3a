import ExcelJS from 'exceljs';
import { DomainError } from '@battlemap/events';
import type { CellValue } from './ledger-cells';

/**
 * A file becomes a grid of cells, or a 400/413 a person can act on. Everything format-specific lives
 * here (magic bytes, the zip's directory, exceljs, CSV quoting), so the row mapping stays pure.
 */

export const LIMITS = {
  /** The upload itself. */
  bytes: 20 * 1024 * 1024,
  /** Data rows in one sheet. */
  rows: 100_000,
  /** What the xlsx may unpack to: a zip bomb is refused from its directory, before anything is inflated. */
  unpackedBytes: 200 * 1024 * 1024,
} as const;

export const LIMITS_TEXT = `文件不超过 20 MB，数据不超过 ${LIMITS.rows.toLocaleString('en-US')} 行`;

/** A file the import cannot read: 400, or 413 when it is over a limit. */
export class ImportFileError extends DomainError {
  override readonly name = 'ImportFileError';
  constructor(
    code: string,
    message: string,
    readonly status: 400 | 413 = 400,
  ) {
    super(code, message);
  }
}

export interface SheetGrid {
  /** Row 0 is the sheet's row 1. */
  rows: CellValue[][];
  /** Cells in merged ranges, as `row:column` (0-based). */
  merged: Set<string>;
  /** Cells that cannot be read (a formula without a cached value, #DIV/0!), by `row:column`. */
  unreadable: Map<string, string>;
}

export const cellKey = (row: number, column: number) => `${row}:${column}`;

export async function readSheet(buffer: Buffer, fileName: string): Promise<SheetGrid> {
  if (buffer.length === 0) throw new ImportFileError('empty_file', '文件是空的');
  if (buffer.length > LIMITS.bytes) throw tooLarge(`文件有 ${(buffer.length / 1048576).toFixed(1)} MB`);
  const lower = fileName.toLowerCase();
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(buffer);
  if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new ImportFileError('legacy_xls', '这是旧版 .xls 文件：请在 Excel 中“另存为” .xlsx 后再导入');
  }
  if (lower.endsWith('.csv')) return readCsv(buffer);
  if (lower.endsWith('.xlsx')) throw notSpreadsheet('文件名是 .xlsx，内容却不是 Excel 工作簿（可能是改了扩展名的其他文件）');
  throw notSpreadsheet('只能导入 .xlsx 或 .csv 文件');
}

const notSpreadsheet = (message: string) => new ImportFileError('not_a_spreadsheet', message);
const tooLarge = (what: string) => new ImportFileError('too_large', `${what}，超出导入上限（${LIMITS_TEXT}）`, 413);

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return bytes.every((b, i) => buffer[i] === b);
}

async function readXlsx(buffer: Buffer): Promise<SheetGrid> {
  const entries = zipEntries(buffer);
  if (!entries.names.includes('xl/workbook.xml')) throw notSpreadsheet('这是一个压缩包，不是 Excel 工作簿');
  if (entries.unpacked > LIMITS.unpackedBytes) {
    throw tooLarge(`工作簿解压后有 ${(entries.unpacked / 1048576).toFixed(0)} MB（压缩炸弹？）`);
  }
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  } catch {
    throw notSpreadsheet('Excel 工作簿已损坏，无法读取');
  }
  const sheet = workbook.worksheets.find((ws) => ws.actualRowCount > 0);
  if (!sheet) throw new ImportFileError('empty_sheet', '工作表是空的：没有表头，也没有数据');
  if (sheet.actualRowCount - 1 > LIMITS.rows) throw tooLarge(`工作表有 ${sheet.actualRowCount - 1} 行数据`);
  const grid: SheetGrid = { rows: [], merged: new Set(), unreadable: new Map() };
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: true }, (cell, columnNumber) => {
      const key = cellKey(rowNumber - 1, columnNumber - 1);
      if (cell.isMerged) grid.merged.add(key);
      const value = plainValue(cell.value);
      if (typeof value === 'object' && value !== null && !(value instanceof Date)) grid.unreadable.set(key, value.unreadable);
      cells[columnNumber - 1] = typeof value === 'object' && value !== null && !(value instanceof Date) ? null : value;
    });
    grid.rows[rowNumber - 1] = Array.from(cells, (c) => c ?? null);
  });
  for (let i = 0; i < grid.rows.length; i++) grid.rows[i] ??= [];
  return grid;
}

/** exceljs's cell value as text, number or date; a formula gives its cached result. */
function plainValue(value: ExcelJS.CellValue): CellValue | { unreadable: string } {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number' || typeof value === 'string' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((t) => t.text).join('');
  if ('error' in value) return { unreadable: `单元格是错误值 ${value.error}` };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null)
      return { unreadable: '单元格是公式，但文件里没有它的计算结果：请在 Excel 中打开并保存后再导入，或改为数值' };
    if (typeof result === 'object' && !(result instanceof Date)) return { unreadable: `公式的结果是错误值 ${result.error}` };
    return plainValue(result);
  }
  if ('text' in value) return String(value.text);
  return { unreadable: '无法识别的单元格内容' };
}

/**
 * The zip's central directory: entry names and the sizes they claim to unpack to. Read before
 * inflating anything, so a bomb costs nothing; ZIP64 (over 4 GB) is refused outright.
 */
function zipEntries(buffer: Buffer): { names: string[]; unpacked: number } {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0 || end + 22 > buffer.length) throw notSpreadsheet('Excel 工作簿已损坏（压缩目录缺失）');
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const names: string[] = [];
  let unpacked = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) {
      throw notSpreadsheet('Excel 工作簿已损坏（压缩目录不完整）');
    }
    const size = buffer.readUInt32LE(offset + 24);
    if (size === 0xffffffff) throw tooLarge('工作簿解压后超过 4 GB（压缩炸弹？）');
    unpacked += size;
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extra = buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    names.push(buffer.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extra;
  }
  return { names, unpacked };
}

/** CSV as Excel writes it: UTF-8 (with or without BOM) or GB18030 (Chinese Excel's default), RFC 4180 quotes. */
function readCsv(buffer: Buffer): SheetGrid {
  if (buffer.includes(0)) throw notSpreadsheet('文件名是 .csv，内容却不是文本（可能是改了扩展名的其他文件）');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    text = new TextDecoder('gb18030').decode(buffer);
  }
  const rows = parseCsv(text.replace(/^\uFEFF/, ''));
  while (rows.length > 0 && rows[rows.length - 1].every((c) => c === null)) rows.pop();
  if (rows.length === 0) throw new ImportFileError('empty_sheet', '文件是空的：没有表头，也没有数据');
  if (rows.length - 1 > LIMITS.rows) throw tooLarge(`文件有 ${rows.length - 1} 行数据`);
  return { rows, merged: new Set(), unreadable: new Map() };
}

function parseCsv(text: string): CellValue[][] {
  const rows: CellValue[][] = [];
  let row: CellValue[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim() === '' ? null : field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    endField();
    rows.push(row);
  }
  return rows;
}
