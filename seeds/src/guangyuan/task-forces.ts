/**
 * Guangyuan's "1+1+17" (seed 003): one leading group (领导小组, which coordinates and is not a task
 * force row), one factor-guarantee task force (要素保障工作专班) and 17 industry task forces. The
 * first eight industry ones are the industrial task forces; 35 city leaders serve as chiefs and
 * deputies, 13 units lead and 20 more take part.
 */
import { cityLeaderId, unitName } from './people';

export interface TaskForce {
  id: string;
  /** Display name, e.g. 铝基新材料产业专班. */
  name: string;
  /** The industry chain, e.g. 铝基新材料. */
  industry: string;
  kind: 'factor' | 'industry';
  /** 班长. */
  chiefId: string;
  deputyChiefIds: string[];
  /** 牵头单位 (name). */
  leadUnit: string;
  /** 成员单位 (names). */
  memberUnits: string[];
}

export const LEADING_GROUP = {
  name: '广元市重点产业发展领导小组',
  office: unitName('industry-office'),
} as const;

type Row = [id: string, industry: string, leadUnitId: string, memberUnitIds: string[]];

const FACTOR: Row = [
  'factor-guarantee',
  '要素保障',
  'ndrc',
  ['natural-resources', 'finance', 'hr', 'gov-services', 'power', 'pboc', 'ecology', 'energy'],
];

const INDUSTRIES: Row[] = [
  ['aluminum', '铝基新材料', 'econ-info', ['investment', 'energy', 'natural-resources', 'ecology', 'power', 'science']],
  ['silicon', '硅基新材料', 'investment', ['econ-info', 'energy', 'power', 'natural-resources', 'science']],
  ['clean-energy', '清洁能源', 'energy', ['ndrc', 'water', 'natural-resources', 'power', 'ecology', 'meteorology']],
  ['energy-chemical', '能源化工', 'ndrc', ['energy', 'econ-info', 'emergency', 'ecology', 'natural-resources']],
  ['food-beverage', '食品饮料', 'econ-info', ['agriculture', 'market', 'investment', 'commerce', 'supply-marketing']],
  ['green-home', '绿色家居', 'forestry', ['econ-info', 'housing', 'investment', 'pboc', 'market']],
  ['machinery-electronics', '机械电子', 'econ-info', ['science', 'investment', 'hr', 'power']],
  ['medicine-health', '医药健康', 'health', ['market', 'econ-info', 'agriculture', 'science', 'civil-affairs', 'medical-insurance']],
  ['logistics', '现代物流', 'port-logistics', ['transport', 'commerce', 'natural-resources', 'supply-marketing']],
  ['culture-tourism', '文旅康养', 'culture-tourism', ['civil-affairs', 'health', 'natural-resources', 'transport', 'forestry', 'sports']],
  ['digital-economy', '数字经济', 'econ-info', ['big-data', 'science', 'power', 'gov-services']],
  ['commerce', '现代商贸', 'commerce', ['market', 'stats', 'housing', 'tax']],
  ['agriculture', '现代农业', 'agriculture', ['supply-marketing', 'forestry', 'water', 'market']],
  ['construction', '绿色建筑', 'housing', ['natural-resources', 'transport', 'market', 'sasac']],
  ['finance', '现代金融', 'financial-affairs', ['pboc', 'finance', 'sasac', 'tax']],
  ['e-commerce', '电子商务', 'commerce', ['supply-marketing', 'big-data', 'agriculture', 'transport']],
  ['eco-environment', '节能环保', 'ecology', ['econ-info', 'water', 'housing', 'natural-resources']],
];

/** Deputies beyond the one each industry task force gets from the pool below. */
const EXTRA_DEPUTIES: Record<string, number[]> = {
  'factor-guarantee': [29, 30],
  aluminum: [31],
  'food-beverage': [32],
};

function taskForce([id, industry, leadUnitId, memberUnitIds]: Row, index: number): TaskForce {
  const isFactor = index === 0;
  // City leaders 1–18 are the chiefs, in row order; 19–35 are one deputy per industry task force.
  const deputyChiefIds = [...(isFactor ? [] : [cityLeaderId(18 + index)]), ...(EXTRA_DEPUTIES[id] ?? []).map(cityLeaderId)];
  return {
    id,
    name: isFactor ? '要素保障工作专班' : `${industry}产业专班`,
    industry,
    kind: isFactor ? 'factor' : 'industry',
    chiefId: cityLeaderId(index + 1),
    deputyChiefIds,
    leadUnit: unitName(leadUnitId),
    memberUnits: memberUnitIds.map(unitName),
  };
}

export const TASK_FORCES: TaskForce[] = [FACTOR, ...INDUSTRIES].map(taskForce);

export const INDUSTRY_TASK_FORCES = TASK_FORCES.filter((t) => t.kind === 'industry');

export function taskForceById(id: string): TaskForce {
  const found = TASK_FORCES.find((t) => t.id === id);
  if (!found) throw new Error(`unknown task force ${id}`);
  return found;
}
