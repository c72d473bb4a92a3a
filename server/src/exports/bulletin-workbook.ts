import {
  type Bulletin,
  type BulletinProblem,
  type BulletinProject,
  LIGHT_LABELS,
  PROBLEM_STATUS_LABELS,
  STAGE_LABELS,
} from '@battlemap/events';
import ExcelJS from 'exceljs';

/** 月通报 as a workbook: one sheet per section, Chinese headers, numbers as numbers. */
export async function bulletinWorkbook(bulletin: Bulletin): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Battlemap';
  const sheet = (name: string, columns: [string, number][], rows: (string | number | null)[][]) => {
    const worksheet = workbook.addWorksheet(name);
    worksheet.columns = columns.map(([header, width]) => ({ header, width }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.addRows(rows);
  };
  const { month, yearToDate } = bulletin.fourNew;
  const flows: [string, keyof typeof month][] = [
    ['新洽谈（个）', 'negotiated'],
    ['新签约（个）', 'signed'],
    ['新签约投资（万元）', 'signedInvestment'],
    ['新开工（个）', 'started'],
    ['新开工投资（万元）', 'startedInvestment'],
    ['新竣工（个）', 'completed'],
    ['盘活（个）', 'revitalized'],
  ];
  sheet(
    '四新一盘活',
    [
      ['项目', 22],
      [`${bulletin.month} 当月`, 14],
      ['年度累计', 14],
    ],
    flows.map(([label, key]) => [label, month[key], yearToDate[key]]),
  );
  sheet(
    '专班排名',
    [
      ['名次', 6],
      ['产业专班', 26],
      ['积分', 8],
      ['流动红旗', 10],
    ],
    bulletin.ranking.map((r) => [r.rank, r.name, r.points, r.id === bulletin.redFlag?.taskForceId ? '★ 流动红旗' : '']),
  );
  const projects = (list: BulletinProject[]) =>
    list.map((p) => [p.name, p.regionName, p.taskForceName, STAGE_LABELS[p.stage], LIGHT_LABELS[p.light], p.reasons.join('；')]);
  const projectColumns: [string, number][] = [
    ['项目', 30],
    ['属地', 12],
    ['产业专班', 22],
    ['阶段', 8],
    ['亮灯', 6],
    ['原因', 50],
  ];
  sheet('红灯项目', projectColumns, projects(bulletin.red));
  sheet('黄灯项目', projectColumns, projects(bulletin.yellow));
  const problems = (kind: string, list: BulletinProblem[]) =>
    list.map((p) => [
      kind,
      p.id,
      p.description,
      p.projectName,
      p.regionName,
      p.taskForceName,
      PROBLEM_STATUS_LABELS[p.status],
      p.raisedOn,
      p.deadline,
      p.closedOn,
      p.escalatedOn,
    ]);
  sheet(
    '问题',
    [
      ['类别', 8],
      ['编号', 14],
      ['问题', 36],
      ['项目', 24],
      ['属地', 12],
      ['产业专班', 22],
      ['状态', 8],
      ['提出日期', 12],
      ['办理期限', 12],
      ['销号日期', 12],
      ['上报日期', 12],
    ],
    [
      ...problems('新提出', bulletin.problems.new),
      ...problems('已销号', bulletin.problems.closed),
      ...problems('超期', bulletin.problems.overdue),
      ...problems('上报', bulletin.problems.escalated),
    ],
  );
  sheet(
    '经济指标',
    [
      ['属地', 12],
      ['指标', 22],
      ['目标', 12],
      ['累计', 12],
      ['单位', 8],
      ['数据截至', 10],
      ['完成率', 10],
      ['序时进度', 10],
      ['同比（%）', 10],
    ],
    bulletin.indicators.map((i) => [
      i.regionName,
      i.label ?? i.metric,
      i.target,
      i.value,
      i.unit,
      i.month,
      i.completion,
      i.schedule,
      i.yoy,
    ]),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
