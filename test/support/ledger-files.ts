import { createDeflateRaw, crc32 } from 'node:zlib';
import ExcelJS from 'exceljs';
import { REGION_A, REGION_B, TF_A, TF_B } from './fixtures';

/**
 * The spreadsheets the import suites upload, built with exceljs as a county office's Excel would
 * write them, and the one upload call. Ledger rows are plain objects keyed by the header written.
 */

export type LedgerRow = Record<string, string | number | Date | null | ExcelJS.CellFormulaValue>;

export const LEDGER_HEADERS = [
  '项目名称',
  '业主单位',
  '所属专班',
  '属地',
  '建设性质',
  '总投资（亿元）',
  '年度计划投资(万元)',
  '当前阶段',
  '阶段日期',
  '计划开工',
  '计划竣工',
  '经度',
  '纬度',
  '责任单位',
] as const;

/** Where the test world's counties are (利州区 and 昭化区 of Guangyuan's map). */
export const COUNTY_POINTS: Record<string, [number, number]> = { [REGION_A]: [105.84, 32.44], [REGION_B]: [105.96, 32.32] };

/**
 * A county ledger of `count` projects: both task forces, both counties, all four kinds, every stage;
 * every seventh row has no coordinates (the import places it), 总投资 in 亿元 with two decimals.
 */
export function ledgerRows(count: number, prefix = '台账项目'): LedgerRow[] {
  const stages = ['洽谈', '签约', '开工', '竣工', '投产'];
  const kinds = ['新建', '扩建', '技改', '续建'];
  return Array.from({ length: count }, (_, i) => {
    const region = i % 2 === 0 ? REGION_A : REGION_B;
    const [lng, lat] = COUNTY_POINTS[region];
    const placed = i % 7 === 3;
    return {
      项目名称: `${prefix}${String(i + 1).padStart(4, '0')}`,
      业主单位: `广元第${(i % 37) + 1}实业有限公司`,
      所属专班: i % 3 === 0 ? '清洁能源产业专班' : '铝基新材料产业专班',
      属地: region === REGION_A ? '利州区' : '昭化区',
      建设性质: kinds[i % 4],
      '总投资（亿元）': Math.round((1 + (i % 50) * 0.37) * 100) / 100,
      '年度计划投资(万元)': 2_000 + (i % 40) * 150,
      当前阶段: stages[i % 5],
      阶段日期: `2025-${String((i % 9) + 1).padStart(2, '0')}-${String((i % 27) + 1).padStart(2, '0')}`,
      计划开工: `2025-${String((i % 12) + 1).padStart(2, '0')}`,
      计划竣工: i % 4 === 0 ? null : `2027-${String((i % 12) + 1).padStart(2, '0')}`,
      经度: placed ? null : Math.round((lng + ((i % 11) - 5) * 0.002) * 1e5) / 1e5,
      纬度: placed ? null : Math.round((lat + ((i % 13) - 6) * 0.002) * 1e5) / 1e5,
      责任单位: i % 5 === 0 ? null : '市经信局',
    };
  });
}

export const TASK_FORCES_BY_NAME: Record<string, string> = { 清洁能源产业专班: TF_B, 铝基新材料产业专班: TF_A };

export interface SheetOptions {
  /** Rows above the header (a title row such as “2025年重点项目台账”). */
  title?: string;
  /** Cell ranges to merge, e.g. 'A1:B1'. */
  merge?: string[];
}

export async function xlsx(headers: readonly string[], rows: LedgerRow[], options: SheetOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('台账');
  if (options.title) {
    sheet.addRow([options.title]);
    sheet.mergeCells(1, 1, 1, headers.length);
  }
  sheet.addRow([...headers]);
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? null));
  for (const range of options.merge ?? []) sheet.mergeCells(range);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function csv(headers: readonly string[], rows: LedgerRow[]): Buffer {
  const quote = (v: unknown) =>
    v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v);
  const lines = [headers.join(','), ...rows.map((r) => headers.map((h) => quote(r[h])).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** Reads an exported workbook back: header row and data rows as plain values. */
export async function readXlsx(buffer: ArrayBuffer | Buffer): Promise<{ headers: string[]; rows: unknown[][] }> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { headers: rows[0] as string[], rows: rows.slice(1) };
}

/** POST a file as multipart/form-data, field `file`, as the console's upload does. */
export async function upload(
  url: string,
  path: string,
  file: Buffer,
  fileName: string,
  token?: string,
): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), fileName);
  const response = await fetch(url + path, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body };
}

/**
 * A real zip bomb dressed as a workbook: a few valid parts and a sheet of `megabytes` of spaces that
 * deflates to a few hundred KB. Written by hand (stored directory, deflated entries).
 */
export async function zipBomb(megabytes: number): Promise<Buffer> {
  const entries: { name: string; data: Buffer; size: number; crc: number }[] = [];
  const small = (name: string, text: string) => {
    const raw = Buffer.from(text);
    return deflate([raw]).then((data) => entries.push({ name, data, size: raw.length, crc: crc32(raw) }));
  };
  await small('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  await small('xl/workbook.xml', '<?xml version="1.0"?><workbook/>');
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crc32(chunk, crc);
  entries.push({ name: 'xl/worksheets/sheet1.xml', data: await deflate(Array(megabytes).fill(chunk)), size: megabytes * 1024 * 1024, crc });
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function deflate(chunks: Buffer[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const out: Buffer[] = [];
    const stream = createDeflateRaw({ level: 9 });
    stream.on('data', (c: Buffer) => out.push(c));
    stream.on('end', () => resolve(Buffer.concat(out)));
    stream.on('error', reject);
    for (const chunk of chunks) stream.write(chunk);
    stream.end();
  });
}
