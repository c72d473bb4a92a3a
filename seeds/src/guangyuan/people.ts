/**
 * Fictional people and the responsible units (责任单位) of the Guangyuan demo. Names are generic
 * and invented; titles follow the usual shape of a prefecture-level city's leadership.
 */
import { CITY_ID, COUNTIES, PARKS } from './regions';

export interface Unit {
  id: string;
  name: string;
  level: 'city' | 'county' | 'park';
  regionId: string;
}

export type PersonRole = 'city-leader' | 'county-leader' | 'inspector';

export interface Person {
  id: string;
  name: string;
  title: string;
  role: PersonRole;
  regionId: string;
  /** The unit the person answers from, when it is not a government leadership post. */
  unitId?: string;
}

const cityUnit = (id: string, name: string): Unit => ({ id, name, level: 'city', regionId: CITY_ID });

export const CITY_UNITS: Unit[] = [
  cityUnit('ndrc', '市发展和改革委员会'),
  cityUnit('econ-info', '市经济和信息化局'),
  cityUnit('investment', '市投资促进局'),
  cityUnit('energy', '市能源局'),
  cityUnit('forestry', '市林业局'),
  cityUnit('health', '市卫生健康委员会'),
  cityUnit('port-logistics', '市口岸与物流办公室'),
  cityUnit('culture-tourism', '市文化广播电视和旅游局'),
  cityUnit('commerce', '市商务局'),
  cityUnit('agriculture', '市农业农村局'),
  cityUnit('housing', '市住房和城乡建设局'),
  cityUnit('financial-affairs', '市委金融办'),
  cityUnit('ecology', '市生态环境局'),
  cityUnit('natural-resources', '市自然资源和规划局'),
  cityUnit('transport', '市交通运输局'),
  cityUnit('market', '市市场监督管理局'),
  cityUnit('finance', '市财政局'),
  cityUnit('hr', '市人力资源和社会保障局'),
  cityUnit('science', '市科学技术局'),
  cityUnit('water', '市水利局'),
  cityUnit('gov-services', '市政务服务和公共资源交易服务中心'),
  cityUnit('big-data', '市大数据中心'),
  cityUnit('emergency', '市应急管理局'),
  cityUnit('stats', '市统计局'),
  cityUnit('sasac', '市国有资产监督管理委员会'),
  cityUnit('civil-affairs', '市民政局'),
  cityUnit('supply-marketing', '市供销合作社联合社'),
  cityUnit('sports', '市体育局'),
  cityUnit('medical-insurance', '市医疗保障局'),
  cityUnit('meteorology', '市气象局'),
  cityUnit('tax', '国家税务总局广元市税务局'),
  cityUnit('pboc', '中国人民银行广元市分行'),
  cityUnit('power', '国网广元供电公司'),
  cityUnit('party-inspection', '市委督查室'),
  cityUnit('gov-inspection', '市政府督查室'),
  cityUnit('industry-office', '市重点产业发展领导小组办公室'),
];

export const UNITS: Unit[] = [
  ...CITY_UNITS,
  ...COUNTIES.map((c): Unit => ({ id: `${c.id}-gov`, name: `${c.name}人民政府`, level: 'county', regionId: c.id })),
  ...PARKS.map((p): Unit => ({ id: `${p.id}-admin`, name: `${p.name}管理委员会`, level: 'park', regionId: p.regionId })),
];

export function unitName(id: string): string {
  const unit = UNITS.find((u) => u.id === id);
  if (!unit) throw new Error(`unknown unit ${id}`);
  return unit.name;
}

/** The 35 city leaders who serve as chiefs (班长) and deputy chiefs of the task forces. */
const CITY_LEADER_ROWS: [name: string, title: string][] = [
  ['赵志远', '市委常委、常务副市长'],
  ['钱立新', '市委常委、副市长'],
  ['孙文博', '副市长'],
  ['李海涛', '副市长'],
  ['周建华', '市委常委、秘书长'],
  ['吴晓东', '副市长'],
  ['郑永平', '市委常委、统战部部长'],
  ['王俊杰', '副市长'],
  ['冯德明', '副市长'],
  ['陈丽娟', '市委常委、政法委书记'],
  ['褚国栋', '市委常委、宣传部部长'],
  ['卫明辉', '市委常委、组织部部长'],
  ['蒋春林', '市人大常委会副主任'],
  ['沈慧敏', '市人大常委会副主任'],
  ['韩振宇', '市人大常委会副主任'],
  ['杨秀英', '市政协副主席'],
  ['朱卫东', '市政协副主席'],
  ['秦志刚', '市政协副主席'],
  ['尤海燕', '市人大常委会副主任'],
  ['许建军', '市人大常委会副主任'],
  ['吕红梅', '市人大常委会副主任'],
  ['施永刚', '市人大常委会副主任'],
  ['张晓光', '市政协副主席'],
  ['孔繁星', '市政协副主席'],
  ['曹玉兰', '市政协副主席'],
  ['严文斌', '市政协副主席'],
  ['华志勇', '市政府党组成员'],
  ['金晓燕', '市政府党组成员'],
  ['魏国平', '市政府秘书长'],
  ['陶建新', '市政府副秘书长'],
  ['姜玉梅', '市政府副秘书长'],
  ['戚振华', '市政府副秘书长'],
  ['谢明远', '市政府副秘书长'],
  ['邹春燕', '市政府副秘书长'],
  ['喻立军', '市政府副秘书长'],
];

/** Four leaders per county, linked to its projects (挂点领导). */
const COUNTY_LEADER_NAMES: Record<string, [string, string, string, string]> = {
  lizhou: ['柏文静', '水建平', '窦志强', '章海波'],
  zhaohua: ['云晓峰', '苏红霞', '潘建伟', '葛立群'],
  chaotian: ['奚卫国', '范晓丽', '彭志华', '郎永红'],
  wangcang: ['鲁海军', '韦春梅', '昌明亮', '马立伟'],
  qingchuan: ['苗秀兰', '凤建林', '花志明', '方晓琳'],
  jiange: ['俞国强', '任春花', '袁德胜', '柳晓雯'],
  cangxi: ['鲍建荣', '史丽萍', '唐永军', '费立华'],
};

const INSPECTOR_ROWS: [name: string, title: string, unitId: string][] = [
  ['岑晓红', '市委督查室主任', 'party-inspection'],
  ['薛文军', '市委督查室副主任', 'party-inspection'],
  ['雷振东', '市政府督查室主任', 'gov-inspection'],
  ['贺雪梅', '市政府督查室副主任', 'gov-inspection'],
  ['倪建国', '督查组组长', 'industry-office'],
  ['汤志鹏', '督查专员', 'industry-office'],
  ['滕丽君', '督查专员', 'industry-office'],
  ['殷海峰', '督查专员', 'industry-office'],
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const cityLeaderId = (n: number) => `ld-city-${pad(n, 2)}`;

export const PEOPLE: Person[] = [
  ...CITY_LEADER_ROWS.map(([name, title], i): Person => ({
    id: cityLeaderId(i + 1),
    name,
    title,
    role: 'city-leader',
    regionId: CITY_ID,
  })),
  ...COUNTIES.flatMap((county) => {
    const head = county.kind === 'district' ? '区长' : '县长';
    const titles = [
      `${county.name}委副书记、${head}`,
      `${county.name}委常委、常务副${head}`,
      `${county.name}副${head}`,
      `${county.name}副${head}`,
    ];
    return COUNTY_LEADER_NAMES[county.id].map((name, i): Person => ({
      id: `ld-${county.id}-${i + 1}`,
      name,
      title: titles[i],
      role: 'county-leader',
      regionId: county.id,
    }));
  }),
  ...INSPECTOR_ROWS.map(([name, title, unitId], i): Person => ({
    id: `insp-${pad(i + 1, 2)}`,
    name,
    title,
    role: 'inspector',
    regionId: CITY_ID,
    unitId,
  })),
];

export const CITY_LEADERS = PEOPLE.filter((p) => p.role === 'city-leader');
export const INSPECTORS = PEOPLE.filter((p) => p.role === 'inspector');

export function countyLeaders(countyId: string): Person[] {
  return PEOPLE.filter((p) => p.role === 'county-leader' && p.regionId === countyId);
}
