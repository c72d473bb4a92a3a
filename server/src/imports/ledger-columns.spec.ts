import { PROGRESS_COLUMNS, PROJECT_COLUMNS, columnLetter, exportHeader, matchHeaders, normaliseHeader } from './ledger-columns';

describe('ledger headers', () => {
  it('match in any order, with variants, units, spaces and full-width brackets', () => {
    const row = [
      '序号',
      '所在县区',
      '项目名称',
      '业主 单位',
      '专班',
      '项目性质',
      '总投资（亿元）',
      '年度计划投资',
      '项目进展',
      '经度',
      '纬度',
    ];
    const match = matchHeaders(row, PROJECT_COLUMNS);
    expect(match.ok).toBe(true);
    if (!match.ok) return;
    expect(match.columns.region).toEqual({ index: 1, header: '所在县区', unit: '万元' });
    expect(match.columns.owner?.index).toBe(3);
    expect(match.columns.totalInvestment).toEqual({ index: 6, header: '总投资（亿元）', unit: '亿元' });
    expect(match.columns.annualPlanInvestment?.unit).toBe('万元');
    expect(match.columns.stage?.index).toBe(8);
    expect(match.columns.id).toBeUndefined();
  });

  it('name every missing required column and every column given twice', () => {
    expect(matchHeaders(['项目名称', '名称', '总投资(万元)'], PROJECT_COLUMNS)).toEqual({
      ok: false,
      missing: ['业主单位', '所属专班', '属地', '建设性质', '年度计划投资', '当前阶段'],
      duplicates: ['项目名称'],
    });
  });

  it('read a percentage header and a unit in the header', () => {
    expect(normaliseHeader('形象进度（%）')).toEqual({ name: '形象进度', unit: '%' });
    expect(normaliseHeader(' 总投资\n(亿元)：')).toEqual({ name: '总投资', unit: '亿元' });
    const match = matchHeaders(['项目名称', '当月完成投资（亿元）', '形象进度(%)'], PROGRESS_COLUMNS);
    expect(match.ok && match.columns.investment?.unit).toBe('亿元');
  });

  it('are written by the export so that they read back as the same columns', () => {
    const headers = PROJECT_COLUMNS.map(exportHeader);
    const match = matchHeaders(headers, PROJECT_COLUMNS);
    expect(match.ok && Object.keys(match.columns)).toEqual(PROJECT_COLUMNS.map((c) => c.key));
  });

  it('name columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
