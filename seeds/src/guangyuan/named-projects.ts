/**
 * Projects that seed 003 names, as the report tells them: signed (签约), started (新开工), being
 * built (加快建设) or in talks (洽谈). Places, owners' legal names and amounts are our guesses.
 */
import type { ProjectKind, Stage } from '@battlemap/events';
import type { CountyId } from './regions';

export interface NamedProject {
  name: string;
  taskForceId: string;
  regionId: CountyId;
  owner: string;
  kind: ProjectKind;
  totalInvestment: number;
  stage: Stage;
  /** The park it clusters in; absent for projects spread across the county. */
  parkId?: string;
}

export const NAMED_PROJECTS: NamedProject[] = [
  {
    name: '厦门晋东12万吨热轧板项目',
    taskForceId: 'aluminum',
    regionId: 'lizhou',
    parkId: 'gy-etdz',
    owner: '广元晋东新材料有限公司',
    kind: '新建',
    totalInvestment: 200_000,
    stage: 'signed',
  },
  {
    name: '青川阜成50万吨绿色循环变形铝合金项目',
    taskForceId: 'aluminum',
    regionId: 'qingchuan',
    parkId: 'qingchuan-zhuyuan',
    owner: '青川阜成新材料有限公司',
    kind: '新建',
    totalInvestment: 350_000,
    stage: 'started',
  },
  {
    name: '广美新材料50万吨绿色循环再生铝项目',
    taskForceId: 'aluminum',
    regionId: 'lizhou',
    parkId: 'gy-etdz',
    owner: '广元广美新材料有限公司',
    kind: '新建',
    totalInvestment: 260_000,
    stage: 'started',
  },
  {
    name: '通威集团年产40万吨绿色硅材项目',
    taskForceId: 'silicon',
    regionId: 'lizhou',
    parkId: 'gy-etdz',
    owner: '通威绿色硅材（广元）有限公司',
    kind: '新建',
    totalInvestment: 1_000_000,
    stage: 'signed',
  },
  {
    name: '硅基新材料产业园建设项目',
    taskForceId: 'silicon',
    regionId: 'zhaohua',
    parkId: 'zhaohua-ip',
    owner: '广元硅基新材料产业发展有限公司',
    kind: '新建',
    totalInvestment: 280_000,
    stage: 'signed',
  },
  {
    name: '广西华纳年产30万吨纳米新材料项目',
    taskForceId: 'silicon',
    regionId: 'wangcang',
    parkId: 'wangcang-edz',
    owner: '华纳新材料（广元）有限公司',
    kind: '新建',
    totalInvestment: 200_000,
    stage: 'signed',
  },
  {
    name: '铁骑力士川陕甘国际优食谷项目',
    taskForceId: 'food-beverage',
    regionId: 'zhaohua',
    parkId: 'zhaohua-ip',
    owner: '铁骑力士（广元）食品有限公司',
    kind: '新建',
    totalInvestment: 300_000,
    stage: 'signed',
  },
  {
    name: '川娃子火锅食材产业园项目',
    taskForceId: 'food-beverage',
    regionId: 'lizhou',
    parkId: 'gy-etdz',
    owner: '川娃子（广元）食品有限公司',
    kind: '新建',
    totalInvestment: 150_000,
    stage: 'signed',
  },
  {
    name: '川老食品生产基地建设项目',
    taskForceId: 'food-beverage',
    regionId: 'cangxi',
    parkId: 'cangxi-edz',
    owner: '四川川老食品科技有限公司',
    kind: '新建',
    totalInvestment: 12_000,
    stage: 'operating',
  },
  {
    name: '上海钢圈食品广元生产基地项目',
    taskForceId: 'food-beverage',
    regionId: 'lizhou',
    parkId: 'gy-etdz',
    owner: '上海钢圈食品有限公司',
    kind: '新建',
    totalInvestment: 50_000,
    stage: 'negotiating',
  },
  {
    name: '优传供应链川陕甘冷链食品供应链项目',
    taskForceId: 'food-beverage',
    regionId: 'zhaohua',
    parkId: 'zhaohua-ip',
    owner: '优传供应链集团有限公司',
    kind: '新建',
    totalInvestment: 80_000,
    stage: 'negotiating',
  },
  {
    name: '中煤广元煤电一体化项目',
    taskForceId: 'energy-chemical',
    regionId: 'wangcang',
    owner: '中煤广元能源有限公司',
    kind: '新建',
    totalInvestment: 3_000_000,
    stage: 'signed',
  },
  {
    name: '天然气支管道项目',
    taskForceId: 'energy-chemical',
    regionId: 'cangxi',
    owner: '昆仑燃气有限公司四川分公司',
    kind: '新建',
    totalInvestment: 180_000,
    stage: 'signed',
  },
  {
    name: '宝珠寺“水风光储”多能互补综合能源示范项目',
    taskForceId: 'clean-energy',
    regionId: 'lizhou',
    owner: '华电四川发电有限公司',
    kind: '新建',
    totalInvestment: 750_000,
    stage: 'signed',
  },
  {
    name: '中发新材料年产30万立方米绿色家居板材项目',
    taskForceId: 'green-home',
    regionId: 'zhaohua',
    parkId: 'zhaohua-ip',
    owner: '广元中发新材料有限公司',
    kind: '新建',
    totalInvestment: 30_000,
    stage: 'started',
  },
  {
    name: '广宏玻璃年产200万平方米节能玻璃深加工项目',
    taskForceId: 'green-home',
    regionId: 'chaotian',
    parkId: 'chaotian-ip',
    owner: '四川广宏玻璃有限公司',
    kind: '扩建',
    totalInvestment: 20_000,
    stage: 'completed',
  },
];
