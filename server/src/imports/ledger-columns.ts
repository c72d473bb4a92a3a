import type { CellValue, MoneyUnit } from './ledger-cells';
import { cellText } from './ledger-cells';

/**
 * The columns of a 项目台账 and of a month's figures: what each is called in the counties' sheets, in
 * any order. Pure; the export writes the first name of each, so an exported sheet reads back as is.
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** Header names after normalising (no spaces, half-width brackets, unit removed); the first is canonical. */
  names: readonly string[];
  /** A money column: its header may name 万元 or 亿元. */
  money?: boolean;
  /** The sheet is refused without it. */
  required?: boolean;
}

const column = <K extends string>(key: K, names: string[], extra: Partial<ColumnSpec<K>> = {}): ColumnSpec<K> => ({
  key,
  names,
  ...extra,
});

export const PROJECT_COLUMNS = [
  column('id', ['项目编号', '项目代码', '编号']),
  column('name', ['项目名称', '名称'], { required: true }),
  column('owner', ['业主单位', '建设单位', '项目业主'], { required: true }),
  column('taskForce', ['所属专班', '产业专班', '专班'], { required: true }),
  column('region', ['属地', '所在县区', '县区', '所在地', '所属县区'], { required: true }),
  column('kind', ['建设性质', '项目性质'], { required: true }),
  column('totalInvestment', ['总投资', '计划总投资'], { money: true, required: true }),
  column('annualPlanInvestment', ['年度计划投资', '年度计划', '本年计划投资', '年度投资计划'], { money: true, required: true }),
  column('stage', ['当前阶段', '项目进展', '项目阶段', '阶段'], { required: true }),
  column('stageOn', ['阶段日期', '进展日期', '阶段时间']),
  column('plannedStart', ['计划开工', '计划开工时间', '计划开工日期']),
  column('plannedCompletion', ['计划竣工', '计划竣工时间', '计划竣工日期']),
  column('lng', ['经度']),
  column('lat', ['纬度']),
  column('leadUnit', ['责任单位', '牵头单位']),
  column('leader', ['挂点领导', '联系领导', '挂联领导']),
] as const;

export const PROGRESS_COLUMNS = [
  column('id', ['项目编号', '项目代码', '编号']),
  column('name', ['项目名称', '名称']),
  column('month', ['月份', '填报月份', '所属月份']),
  column('investment', ['当月完成投资', '本月完成投资', '当月投资'], { money: true, required: true }),
  column('progress', ['形象进度', '形象进度%'], { required: true }),
  column('milestone', ['形象进度节点', '节点', '里程碑']),
  column('note', ['备注', '说明']),
] as const;

export type ProjectColumn = (typeof PROJECT_COLUMNS)[number]['key'];
export type ProgressColumn = (typeof PROGRESS_COLUMNS)[number]['key'];

/** Where a column sits in the sheet (0-based) and, for money, its unit. */
export interface FoundColumn {
  index: number;
  header: string;
  unit: MoneyUnit;
}

export type HeaderMatch<K extends string> =
  { ok: true; columns: Partial<Record<K, FoundColumn>> } | { ok: false; missing: string[]; duplicates: string[] };

const UNIT = /[(（]\s*(万元|亿元|%)\s*[)）]$/;

/** 总投资（亿元） → {name: 总投资, unit: 亿元}; spaces, line breaks and full-width brackets do not count. */
export function normaliseHeader(cell: CellValue): { name: string; unit?: string } {
  const text = cellText(cell)
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/[:：*]$/, '');
  const unit = UNIT.exec(text);
  return unit ? { name: text.slice(0, unit.index), unit: unit[1] } : { name: text };
}

/** Matches a header row against the columns; a money column without a unit is in 万元. */
export function matchHeaders<K extends string>(row: readonly CellValue[], specs: readonly ColumnSpec<K>[]): HeaderMatch<K> {
  const columns: Partial<Record<K, FoundColumn>> = {};
  const duplicates: string[] = [];
  row.forEach((cell, index) => {
    const { name, unit } = normaliseHeader(cell);
    if (!name) return;
    const spec = specs.find((s) => s.names.includes(name) || s.names.includes(`${name}(${unit})`));
    if (!spec) return;
    if (columns[spec.key]) duplicates.push(spec.names[0]);
    columns[spec.key] = { index, header: cellText(cell), unit: unit === '亿元' ? '亿元' : '万元' };
  });
  const missing = specs.filter((s) => s.required && !columns[s.key]).map((s) => s.names[0]);
  return missing.length === 0 && duplicates.length === 0 ? { ok: true, columns } : { ok: false, missing, duplicates };
}

/** How many known headers a row holds: the header row is the first with at least three. */
export function knownHeaderCount(row: readonly CellValue[], specs: readonly ColumnSpec[]): number {
  return row.filter((cell) => {
    const { name, unit } = normaliseHeader(cell);
    return name !== '' && specs.some((s) => s.names.includes(name) || s.names.includes(`${name}(${unit})`));
  }).length;
}

/** The header the export writes for a column: its canonical name, with the unit for money. */
export function exportHeader(spec: ColumnSpec): string {
  return spec.money ? `${spec.names[0]}(万元)` : spec.names[0];
}

/** A spreadsheet column letter for a 0-based index (0 → A, 26 → AA), for messages people can find. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
