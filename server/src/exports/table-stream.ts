import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { once } from 'node:events';

/**
 * Tables streamed to an HTTP answer, CSV or XLSX, row by row: an export of a million events never
 * sits in memory whole, and the page shows bytes arriving (the length is unknown up front).
 */

export interface Column<T> {
  header: string;
  /** Width in characters, for XLSX. */
  width?: number;
  value: (row: T) => string | number | boolean | null;
}

export interface SheetSource<T> {
  name: string;
  columns: Column<T>[];
  /** Batches of rows, in order. */
  rows: AsyncIterable<T[]> | Iterable<T[]>;
}

/** Sheets of different rows in one workbook: each sheet's columns read its own rows. */
export function sheetOf<T>(sheet: SheetSource<T>): SheetSource<unknown> {
  return sheet as unknown as SheetSource<unknown>;
}

/** Headers of a file download; the name is given ASCII for old clients and UTF-8 for the rest. */
export function startDownload(res: Response, fileName: string, contentType: string, rowEstimate?: number): void {
  res.status(200);
  res.setHeader('Content-Type', contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  );
  res.setHeader('Cache-Control', 'no-store');
  if (rowEstimate !== undefined) res.setHeader('X-Row-Estimate', String(rowEstimate));
}

export const CSV_TYPE = 'text/csv; charset=utf-8';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so a spreadsheet never runs it as a formula. */
function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One sheet as CSV (UTF-8 with a BOM, so Excel reads the Chinese), waiting on the socket between batches. */
export async function streamCsv<T>(res: Response, sheet: SheetSource<T>): Promise<void> {
  const line = (values: (string | number | boolean | null)[]) => `${values.map(csvField).join(',')}\r\n`;
  res.write(`\uFEFF${line(sheet.columns.map((c) => c.header))}`);
  for await (const batch of sheet.rows) {
    if (res.destroyed) return;
    const chunk = batch.map((row) => line(sheet.columns.map((c) => c.value(row)))).join('');
    if (!res.write(chunk)) await once(res, 'drain');
  }
  res.end();
}

/** Sheets as XLSX through exceljs' streaming writer: each row is committed (written out) as it comes. */
export async function streamXlsx(res: Response, sheets: SheetSource<unknown>[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    worksheet.columns = sheet.columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.getRow(1).commit();
    for await (const batch of sheet.rows) {
      if (res.destroyed) return;
      for (const row of batch) worksheet.addRow(sheet.columns.map((c) => c.value(row))).commit();
      // Let the zip stream drain into the socket before the next batch.
      if (res.writableNeedDrain) await once(res, 'drain');
    }
    worksheet.commit();
  }
  await workbook.commit();
}
