import ExcelJS from 'exceljs';
import { z } from 'zod';
import { type BoardState, type ProjectState, STAGE_LABELS } from '@battlemap/events';
import { type ColumnSpec, PROGRESS_COLUMNS, PROJECT_COLUMNS, type ProjectColumn, exportHeader } from './ledger-columns';
import type { RowError } from './ledger-rows';

/**
 * The sheets the server writes: the ledger (the same columns the import reads, so export → edit →
 * import changes only what was edited), the blank templates, and an import's error report.
 * Dates go out as text (2025-03-10, 2025-06) so Excel never turns them into something else.
 */

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type CellOut = string | number | null;

export function projectLedger(
  projects: ProjectState[],
  board: Pick<BoardState, 'taskForces' | 'regions'>,
  people: Map<string, string>,
): Promise<Buffer> {
  const values = (p: ProjectState): Record<ProjectColumn, CellOut> => ({
    id: p.id,
    name: p.name,
    owner: p.owner,
    taskForce: board.taskForces[p.taskForceId]?.name ?? p.taskForceId,
    region: board.regions[p.regionId]?.name ?? p.regionId,
    kind: p.kind,
    totalInvestment: p.totalInvestment,
    annualPlanInvestment: p.annualPlanInvestment,
    stage: STAGE_LABELS[p.stage],
    stageOn: p.stageOn,
    plannedStart: p.plannedStart,
    plannedCompletion: p.plannedCompletion,
    lng: p.location[0],
    lat: p.location[1],
    leadUnit: p.leadUnit,
    leader: p.leaderId === null ? null : (people.get(p.leaderId) ?? p.leaderId),
  });
  return sheet(
    '项目台账',
    PROJECT_COLUMNS,
    projects.map((p) => PROJECT_COLUMNS.map((c) => values(p)[c.key])),
  );
}

export function projectTemplate(): Promise<Buffer> {
  return sheet('项目台账', PROJECT_COLUMNS, []);
}

export function progressTemplate(): Promise<Buffer> {
  return sheet('月度进度', PROGRESS_COLUMNS, []);
}

/** POST /api/imports/report.xlsx: the errors of a dry run, as the import answered them. */
export const REPORT_BODY = z.strictObject({
  errors: z.array(z.strictObject({ row: z.number().int().min(0), column: z.string().max(200), message: z.string().max(1000) })).max(20_000),
});

export function errorReport(errors: RowError[]): Promise<Buffer> {
  const columns = [
    { header: '行号', width: 8 },
    { header: '列', width: 18 },
    { header: '问题', width: 80 },
  ];
  return write(
    '导入检查结果',
    columns,
    errors.map((e) => [e.row, e.column, e.message]),
  );
}

function sheet(name: string, specs: readonly ColumnSpec[], rows: CellOut[][]): Promise<Buffer> {
  const columns = specs.map((spec) => ({ header: exportHeader(spec), width: Math.max(10, exportHeader(spec).length * 2 + 2) }));
  return write(name, columns, rows);
}

async function write(name: string, columns: { header: string; width: number }[], rows: CellOut[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Battlemap';
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Text format: a date typed into the template stays as typed, and the import reads it either way.
  worksheet.columns = columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of rows) worksheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
