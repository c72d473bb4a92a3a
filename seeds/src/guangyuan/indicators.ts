/**
 * Annual targets of the economic indicators (经济指标) for Guangyuan and its counties. Values are
 * plausible, not official: 规上工业总产值 around 1,500亿元 in 2025, growing by each metric's target
 * rate a year. Counties add up to a little less than the city, whose own units (市本级) make the rest.
 */
import { CITY_ID, type CountyId } from './regions';

export type IndicatorMetric =
  'industrialOutputAboveScale' | 'industrialOutput' | 'fixedAssetInvestment' | 'industrialInvestment' | 'taxRevenue' | 'foreignTrade';

export interface IndicatorTarget {
  regionId: string;
  metric: IndicatorMetric;
  label: string;
  year: number;
  /** 万元. */
  target: number;
  unit: '万元';
  /** Year-on-year growth the target asks for, e.g. 0.08. */
  growthTarget: number;
}

type Shares = Record<CountyId, number>;

interface MetricSpec {
  metric: IndicatorMetric;
  label: string;
  /** The city's target in REFERENCE_YEAR, 万元. */
  cityTarget: number;
  growthTarget: number;
  shares: Shares;
}

export const REFERENCE_YEAR = 2025;

const INDUSTRY: Shares = { lizhou: 0.34, zhaohua: 0.11, chaotian: 0.05, wangcang: 0.11, qingchuan: 0.13, jiange: 0.14, cangxi: 0.09 };
const INVESTMENT: Shares = { lizhou: 0.3, zhaohua: 0.12, chaotian: 0.08, wangcang: 0.11, qingchuan: 0.1, jiange: 0.13, cangxi: 0.13 };
const TAX: Shares = { lizhou: 0.38, zhaohua: 0.09, chaotian: 0.05, wangcang: 0.1, qingchuan: 0.1, jiange: 0.12, cangxi: 0.11 };
const TRADE: Shares = { lizhou: 0.55, zhaohua: 0.07, chaotian: 0.03, wangcang: 0.08, qingchuan: 0.12, jiange: 0.08, cangxi: 0.04 };

export const INDICATOR_METRICS: MetricSpec[] = [
  { metric: 'industrialOutputAboveScale', label: '规上工业总产值', cityTarget: 15_000_000, growthTarget: 0.08, shares: INDUSTRY },
  { metric: 'industrialOutput', label: '工业总产值', cityTarget: 17_200_000, growthTarget: 0.08, shares: INDUSTRY },
  { metric: 'fixedAssetInvestment', label: '固定资产投资', cityTarget: 9_000_000, growthTarget: 0.06, shares: INVESTMENT },
  { metric: 'industrialInvestment', label: '工业投资', cityTarget: 3_200_000, growthTarget: 0.12, shares: INDUSTRY },
  { metric: 'taxRevenue', label: '税收收入', cityTarget: 500_000, growthTarget: 0.05, shares: TAX },
  { metric: 'foreignTrade', label: '外贸进出口', cityTarget: 250_000, growthTarget: 0.1, shares: TRADE },
];

/** Counties ask a little more or less of themselves than the city does. */
const COUNTY_GROWTH_DELTA: Record<CountyId, number> = {
  lizhou: 0.01,
  zhaohua: 0.005,
  chaotian: 0,
  wangcang: -0.005,
  qingchuan: 0.01,
  jiange: 0.005,
  cangxi: 0,
};

/** However many years from REFERENCE_YEAR, counties never add up to more than this of the city. */
const MAX_COUNTY_SHARE = 0.98;

const roundTo100 = (x: number) => Math.max(100, Math.round(x / 100) * 100);
const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function buildIndicatorTargets(year: number): IndicatorTarget[] {
  const years = year - REFERENCE_YEAR;
  return INDICATOR_METRICS.flatMap(({ metric, label, cityTarget, growthTarget, shares }) => {
    const row = (regionId: string, value: number, growth: number): IndicatorTarget => ({
      regionId,
      metric,
      label,
      year,
      unit: '万元',
      target: roundTo100(value),
      growthTarget: round3(growth),
    });
    const city = cityTarget * (1 + growthTarget) ** years;
    const counties = (Object.entries(shares) as [CountyId, number][]).map(([county, share]) => {
      const growth = growthTarget + COUNTY_GROWTH_DELTA[county];
      return { county, growth, value: cityTarget * share * (1 + growth) ** years };
    });
    const sum = counties.reduce((total, c) => total + c.value, 0);
    const fit = Math.min(1, (MAX_COUNTY_SHARE * city) / sum);
    return [row(CITY_ID, city, growthTarget), ...counties.map((c) => row(c.county, c.value * fit, c.growth))];
  });
}
