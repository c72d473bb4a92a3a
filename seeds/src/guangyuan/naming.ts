/** Fictional enterprises and plausible Chinese project names. */
import type { ProjectKind } from '@battlemap/events';
import type { Random } from '../random';
import { AVOIDED_BRANDS, BRAND_CHARS, INVESTOR_ORIGINS, type IndustryTemplate, type Product } from './project-templates';
import type { County } from './regions';

export interface Company {
  /** Legal name, the 业主单位. */
  owner: string;
  /** How project names call it: 鑫泰铝业. */
  short: string;
}

function drawBrand(rng: Random): string {
  for (;;) {
    const brand = rng.pick(BRAND_CHARS) + rng.pick(BRAND_CHARS);
    if (brand[0] !== brand[1] && !AVOIDED_BRANDS.has(brand)) return brand;
  }
}

export function makeCompany(rng: Random, county: County, suffixes: string[]): Company {
  const short = `${drawBrand(rng)}${rng.pick(suffixes)}`;
  const pattern = rng.weighted({ city: 30, province: 20, county: 20, branch: 15, investor: 15 });
  const owner = {
    city: `广元${short}有限公司`,
    province: `四川${short}有限公司`,
    county: `${county.shortName}${short}有限公司`,
    branch: `${short}（广元）有限公司`,
    investor: `${rng.pick(INVESTOR_ORIGINS)}${short}集团有限公司`,
  }[pattern];
  return { owner, short };
}

export function chooseProduct(rng: Random, template: IndustryTemplate, county: County): Product {
  return rng.pick(template.products.filter((p) => !p.counties || p.counties.includes(county.id)));
}

const UPGRADES = ['技术改造', '智能化改造', '绿色化改造', '数字化改造'];

/** `amount` is how much the project builds (10 in 年产10万吨), for products that have amounts. */
export function makeProjectName(
  rng: Random,
  product: Product,
  amount: number | undefined,
  county: County,
  kind: ProjectKind,
  company: Company,
): string {
  const subject = product.name.replace('{place}', rng.pick(county.places)).replace('{county}', county.shortName);
  // A place names the project by itself (剑门关景区提质升级项目); otherwise the enterprise does.
  const prefix = product.name.includes('{') ? '' : company.short;
  const size = `${amount ?? ''}${product.unit ?? ''}`;
  const sized = product.form === 'annual' ? `年产${size}${subject}` : product.form === 'capacity' ? `${size}${subject}` : subject;

  switch (kind) {
    case '技改':
      return `${prefix}${subject}${product.form ? '生产线' : ''}${rng.pick(UPGRADES)}项目`;
    case '扩建':
      return product.form === 'annual' || rng.chance(0.5) ? `${prefix}${sized}扩建项目` : `${prefix}${sized}二期项目`;
    case '新建':
    case '续建':
      return `${prefix}${sized}${!product.form && !subject.endsWith('建设') && rng.chance(0.4) ? '建设项目' : '项目'}`;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown project kind ${String(unknown)}`);
    }
  }
}
