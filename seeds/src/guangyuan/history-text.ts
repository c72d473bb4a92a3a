/**
 * What the simulated people write: inspection findings, problems and how they were solved, why a
 * project stalled and how it was revived. Plausible, generic, invented.
 */
import type { Random } from '../random';
import type { County } from './regions';

export type ProblemCategory = 'land' | 'funding' | 'energy' | 'labour' | 'approval' | 'infrastructure' | 'other';

const fill = (rng: Random, text: string) =>
  text
    .replace('{amount}', String(rng.int(8, 120) * 100))
    .replace('{people}', String(rng.int(3, 12) * 10))
    .replace('{households}', String(rng.int(3, 40)))
    .replace('{kv}', rng.pick(['10', '35', '110']));

const PROBLEMS: Record<ProblemCategory, string[]> = {
  land: [
    '项目用地指标尚未落实，影响开工前准备',
    '土地征收补偿协议未全部签订，{households}户群众诉求待协调',
    '林地使用审批未完成，用地报批进度滞后',
    '二期用地与国土空间规划存在冲突，需调整规划',
    '项目用地范围内管线迁改未完成',
  ],
  funding: [
    '项目建设资金缺口约{amount}万元，银行贷款审批未到位',
    '企业流动资金紧张，工程进度款支付滞后',
    '申报的专项债券资金尚未拨付到位',
    '设备购置贷款贴息政策尚未兑现',
    '招商引资协议约定的奖补资金未兑现',
  ],
  energy: [
    '施工用电负荷不足，临时变压器需扩容',
    '天然气管道接入工程进度滞后',
    '项目节能审查未办结，用能指标未落实',
    '{kv}千伏专线接入方案未确定',
  ],
  labour: ['施工高峰期技术工人短缺约{people}人', '企业招工难，熟练操作工缺口较大', '农民工工资专用账户未按规定开设'],
  approval: [
    '施工许可证办理进度滞后',
    '环境影响评价批复尚未取得',
    '消防设计审查意见尚未出具',
    '规划许可变更手续未完成',
    '安全评价、能评等前置审批未办结',
  ],
  infrastructure: [
    '园区进场道路未硬化，重型车辆通行困难',
    '配套供水管网尚未接通',
    '污水管网未接入园区主管网',
    '标准化厂房配套设施不完善',
    '通信基站和宽带未覆盖厂区',
  ],
  other: [
    '周边群众反映施工噪声扰民，需协调处理',
    '项目设计方案需进一步优化完善',
    '企业与施工单位存在合同纠纷，影响施工进度',
    '安全生产管理不到位，现场防护设施缺失',
  ],
};

const RESOLUTIONS: Record<ProblemCategory, string[]> = {
  land: [
    '用地指标已调剂落实，土地完成挂牌出让',
    '征地补偿协议全部签订，场地已移交企业',
    '林地使用审批已获批复',
    '规划调整已获批准，用地红线明确',
  ],
  funding: ['协调银行发放项目贷款{amount}万元', '工程进度款已按合同支付', '专项债券资金已拨付到位', '贴息资金已兑现到企业'],
  energy: ['临时变压器已扩容，施工用电满足需求', '天然气管道已接通', '节能审查已办结', '供电接入方案已批复并开工建设'],
  labour: ['人社部门组织专场招聘会，补充工人{people}人', '与职业院校签订订单式培养协议', '工资专户已开设，实行实名制管理'],
  approval: ['施工许可证已核发', '环评批复已取得', '消防设计审查已通过', '规划许可变更已办结', '前置审批已全部办结'],
  infrastructure: ['进场道路已硬化通车', '供水管网已接通', '污水管网已接入园区主管网', '厂房配套设施已完善'],
  other: ['已与周边群众沟通协调，调整夜间施工时间', '设计方案已优化并通过评审', '合同纠纷已调解', '已完成安全隐患整改'],
};

export function problemText(rng: Random, category: ProblemCategory): string {
  return fill(rng, rng.pick(PROBLEMS[category]));
}

export function resolutionText(rng: Random, category: ProblemCategory): string {
  return fill(rng, rng.pick(RESOLUTIONS[category]));
}

/** The unit a problem is handed to (交办), by category, in the project's county. */
export function unitFor(rng: Random, category: ProblemCategory, county: County, parkAdmin?: string): string {
  const c = county.name;
  const options: Record<ProblemCategory, string[]> = {
    land: [`${c}自然资源局`],
    funding: [`${c}财政局`, '市委金融办', `${c}发展和改革局`],
    energy: ['国网广元供电公司', `${c}发展和改革局`],
    labour: [`${c}人力资源和社会保障局`],
    approval: [`${c}政务服务和公共资源交易服务中心`, `${c}住房和城乡建设局`, `市生态环境局${c}分局`],
    infrastructure: parkAdmin ? [parkAdmin, `${c}交通运输局`] : [`${c}交通运输局`, `${c}住房和城乡建设局`],
    other: [`${c}人民政府`],
  };
  return rng.pick(options[category]);
}

export const ESCALATION: Record<'county' | 'city' | 'joint_meeting', { reason: string; unit: (county: County) => string }> = {
  county: { reason: '涉及多个部门职能，园区（乡镇）层面难以解决，提请县（区）政府协调', unit: (c) => `${c.name}人民政府` },
  city: { reason: '需市级层面统筹要素保障，提请市要素保障工作专班协调', unit: () => '要素保障工作专班' },
  joint_meeting: { reason: '问题复杂、涉及政策突破，提交市重点产业发展联席会议研究', unit: () => '市重点产业发展领导小组办公室' },
};

export const REOPEN_REASONS = ['回访核实发现问题反弹，重新交办', '企业反映问题未彻底解决', '督查复核整改不到位'];
export const CLOSE_NOTES = ['经回访核实，企业满意，予以销号', '现场核实已整改到位，销号', '企业签字确认，问题销号'];

export const STALL_REASONS = [
  '企业资金链断裂，项目停工',
  '投资方股权变更，项目暂停建设',
  '市场行情变化，企业放缓投资',
  '用地纠纷未解决，项目停工',
  '环保督察整改，项目暂停施工',
];

const REVIVAL_HOWS = [
  '引入战略投资者完成重组，项目复工',
  '协调银行续贷{amount}万元，项目恢复施工',
  '市县联动化解用地纠纷，恢复施工',
  '完成环保整改并通过验收，项目复工',
  '通过司法重整引入新业主，项目盘活',
];

export function revivalText(rng: Random): string {
  return fill(rng, rng.pick(REVIVAL_HOWS));
}

export const LOSS_REASONS = {
  negotiating: ['企业投资方向调整，洽谈终止', '落地条件未达成一致，企业转投外地', '企业经营状况变化，暂缓投资'],
  signed: ['企业资金未到位，投资协议解除', '项目未通过节能审查，协议终止', '企业战略调整，项目流失'],
  stalled: ['企业进入破产清算，项目终止', '盘活无望，经联席会议研究终止项目'],
};

/** What the construction site is doing at a physical progress (形象进度). */
function siteWork(progress: number, manufacturing: boolean): string {
  if (progress < 15) return '正在进行场地平整和基础施工';
  if (progress < 45) return '主体结构施工正在推进';
  if (progress < 70) return manufacturing ? '主体已封顶，正在进行设备基础施工' : '主体已基本完工，正在进行配套工程施工';
  if (progress < 90) return manufacturing ? '设备安装调试有序推进' : '正在进行装饰装修和室外工程施工';
  return '正在进行收尾工程，准备竣工验收';
}

export interface Visit {
  stage: 'negotiating' | 'signed' | 'started' | 'completed' | 'operating';
  progress: number;
  manufacturing: boolean;
  stalled: boolean;
  rating: number;
  problems: number;
}

export function findingsText(rng: Random, v: Visit): string {
  const parts: string[] = [];
  switch (v.stage) {
    case 'negotiating':
      parts.push(rng.pick(['与企业就投资规模、用地需求深入对接', '听取企业投资意向汇报，协调落地条件', '推动项目尽快达成投资协议']));
      break;
    case 'signed':
      parts.push(rng.pick(['项目已签约，前期手续正在办理', '项目用地、环评、能评等手续加快办理中', '督促企业尽快完成施工图设计和招投标']));
      break;
    case 'started':
      parts.push(v.stalled ? '项目处于停工状态，现场仅有看护人员' : `形象进度约${v.progress}%，${siteWork(v.progress, v.manufacturing)}`);
      if (!v.stalled) parts.push(`现场作业人员约${rng.int(3, 40) * 10}人`);
      break;
    case 'completed':
      parts.push(v.manufacturing ? '项目已竣工，正在进行试生产和达产准备' : '项目已竣工，正在完善运营准备');
      break;
    case 'operating':
      parts.push(rng.pick(['项目已投产运营，生产经营正常', '企业满负荷生产，订单充足', '项目投产后运行平稳，正在筹划二期']));
      break;
  }
  if (v.rating >= 4) parts.push(rng.pick(['推进有力，符合序时要求', '组织有序，进展良好']));
  else if (v.rating === 3) parts.push('进度略有滞后，要求倒排工期、挂图推进');
  else parts.push('进展明显滞后，责成业主单位限期整改');
  parts.push(v.problems > 0 ? `现场发现问题${v.problems}个，已当场交办` : '未发现需协调的问题');
  return `${parts.join('；')}。`;
}
