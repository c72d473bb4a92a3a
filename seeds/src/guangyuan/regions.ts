import type { LngLat } from '@battlemap/events';

export const CITY_ID = 'guangyuan';

export const COUNTY_IDS = ['lizhou', 'zhaohua', 'chaotian', 'wangcang', 'qingchuan', 'jiange', 'cangxi'] as const;
export type CountyId = (typeof COUNTY_IDS)[number];

export interface Region {
  id: string;
  name: string;
  kind: 'city' | 'district' | 'county';
  /** Administrative division code; also the GeoJSON feature id. */
  adcode: string;
  parentId?: string;
}

export interface County extends Region {
  id: CountyId;
  kind: 'district' | 'county';
  parentId: typeof CITY_ID;
  /** `properties.name` of the county's feature in map.geojson. */
  featureName: string;
  /** Two-character short name used in enterprise names (利州, 青川 …). */
  shortName: string;
  /** The county seat, where government-run projects cluster. */
  seat: LngLat;
  /** Well-known places, used in names of tourism and farming projects. */
  places: string[];
}

export interface Park {
  id: string;
  name: string;
  shortName: string;
  regionId: CountyId;
  /** Roughly where the park's projects cluster; inside the county polygon. */
  center: LngLat;
  focus: 'industry' | 'logistics' | 'agriculture';
}

export const CITY: Region = { id: CITY_ID, name: '广元市', kind: 'city', adcode: '510800' };

export const COUNTIES: County[] = [
  {
    id: 'lizhou',
    name: '利州区',
    kind: 'district',
    adcode: '510802',
    parentId: CITY_ID,
    featureName: '利州区',
    shortName: '利州',
    seat: [105.845, 32.434],
    places: ['天曌山', '月坝', '千佛崖', '皇泽寺', '南河', '三堆'],
  },
  {
    id: 'zhaohua',
    name: '昭化区',
    kind: 'district',
    adcode: '510811',
    parentId: CITY_ID,
    featureName: '昭化区',
    shortName: '昭化',
    seat: [105.963, 32.323],
    places: ['昭化古城', '牛头山', '柏林沟', '紫云', '王家'],
  },
  {
    id: 'chaotian',
    name: '朝天区',
    kind: 'district',
    adcode: '510812',
    parentId: CITY_ID,
    featureName: '朝天区',
    shortName: '朝天',
    seat: [105.883, 32.651],
    places: ['明月峡', '曾家山', '水磨沟', '中子', '羊木'],
  },
  {
    id: 'wangcang',
    name: '旺苍县',
    kind: 'county',
    adcode: '510821',
    parentId: CITY_ID,
    featureName: '旺苍县',
    shortName: '旺苍',
    seat: [106.29, 32.229],
    places: ['米仓山', '鼓城山', '七里峡', '木门', '嘉川', '东河'],
  },
  {
    id: 'qingchuan',
    name: '青川县',
    kind: 'county',
    adcode: '510822',
    parentId: CITY_ID,
    featureName: '青川县',
    shortName: '青川',
    seat: [105.239, 32.575],
    places: ['唐家河', '青溪古城', '东河口', '白龙湖', '七佛', '竹园'],
  },
  {
    id: 'jiange',
    name: '剑阁县',
    kind: 'county',
    adcode: '510823',
    parentId: CITY_ID,
    featureName: '剑阁县',
    shortName: '剑阁',
    seat: [105.525, 32.288],
    places: ['剑门关', '翠云廊', '鹤鸣山', '觉苑寺', '下寺', '元山'],
  },
  {
    id: 'cangxi',
    name: '苍溪县',
    kind: 'county',
    adcode: '510824',
    parentId: CITY_ID,
    featureName: '苍溪县',
    shortName: '苍溪',
    seat: [105.935, 31.732],
    places: ['红军渡', '梨仓古镇', '寻乐书岩', '歧坪', '亭子湖', '白驿'],
  },
];

export const REGIONS: Region[] = [CITY, ...COUNTIES];

export const PARKS: Park[] = [
  { id: 'gy-etdz', name: '广元经济技术开发区', shortName: '广元经开区', regionId: 'lizhou', center: [105.87, 32.4], focus: 'industry' },
  {
    id: 'lizhou-dashi',
    name: '利州区大石工业集中区',
    shortName: '大石工业集中区',
    regionId: 'lizhou',
    center: [105.75, 32.4],
    focus: 'industry',
  },
  {
    id: 'gy-railport',
    name: '广元国际铁路港物流园',
    shortName: '铁路港物流园',
    regionId: 'lizhou',
    center: [105.83, 32.38],
    focus: 'logistics',
  },
  { id: 'zhaohua-ip', name: '昭化工业园区', shortName: '昭化工业园', regionId: 'zhaohua', center: [105.97, 32.32], focus: 'industry' },
  {
    id: 'zhaohua-yuanba',
    name: '昭化区元坝工业集中区',
    shortName: '元坝工业集中区',
    regionId: 'zhaohua',
    center: [106.02, 32.2],
    focus: 'industry',
  },
  { id: 'chaotian-ip', name: '朝天工业园区', shortName: '朝天工业园', regionId: 'chaotian', center: [105.89, 32.64], focus: 'industry' },
  {
    id: 'chaotian-zengjiashan',
    name: '曾家山现代农业园区',
    shortName: '曾家山农业园',
    regionId: 'chaotian',
    center: [106.08, 32.65],
    focus: 'agriculture',
  },
  { id: 'wangcang-edz', name: '旺苍经济开发区', shortName: '旺苍经开区', regionId: 'wangcang', center: [106.18, 32.26], focus: 'industry' },
  {
    id: 'wangcang-donghe',
    name: '旺苍县东河工业集中区',
    shortName: '东河工业集中区',
    regionId: 'wangcang',
    center: [106.3, 32.23],
    focus: 'industry',
  },
  {
    id: 'qingchuan-zhuyuan',
    name: '青川竹园经济开发区',
    shortName: '竹园经开区',
    regionId: 'qingchuan',
    center: [105.45, 32.35],
    focus: 'industry',
  },
  {
    id: 'qingchuan-qiaozhuang',
    name: '青川县乔庄工业集中区',
    shortName: '乔庄工业集中区',
    regionId: 'qingchuan',
    center: [105.24, 32.58],
    focus: 'industry',
  },
  { id: 'jiange-edz', name: '剑阁经济开发区', shortName: '剑阁经开区', regionId: 'jiange', center: [105.55, 32.03], focus: 'industry' },
  {
    id: 'jiange-puan',
    name: '剑阁县普安工业集中区',
    shortName: '普安工业集中区',
    regionId: 'jiange',
    center: [105.52, 32.29],
    focus: 'industry',
  },
  { id: 'cangxi-edz', name: '苍溪经济开发区', shortName: '苍溪经开区', regionId: 'cangxi', center: [105.96, 31.74], focus: 'industry' },
  {
    id: 'cangxi-kiwi',
    name: '苍溪红心猕猴桃现代农业园区',
    shortName: '猕猴桃农业园',
    regionId: 'cangxi',
    center: [106.1, 31.85],
    focus: 'agriculture',
  },
];

export function countyById(id: string): County {
  const county = COUNTIES.find((c) => c.id === id);
  if (!county) throw new Error(`unknown county ${id}`);
  return county;
}

export function parksIn(countyId: string): Park[] {
  return PARKS.filter((p) => p.regionId === countyId);
}
