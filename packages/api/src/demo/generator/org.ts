// The organisation tree of a generated province: province → a city company per prefecture (the
// demo's nine in Yunnan) → one county company per real county → 2–4 stations per county, each
// serving a fixed set of the county's towns.
import { DEFAULT_PROVINCE, demoProvince, type City, type County, type Town } from './gazetteer.ts';
import type { OrgUnitRow } from './types.ts';

export interface StationPlan {
  code: string;
  name: string;
  county: County;
  city: City;
  /** The towns this station serves (their villages are its customers' villages). */
  towns: readonly Town[];
  /** Relative size: village count, with subdistricts counted three times (denser). */
  weight: number;
}

/** A small, stable hash, so the number of stations per county never depends on a seed. */
function stableHash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

function townWeight(town: Town): number {
  return town.villages.length * (town.isSubdistrict ? 3 : 1);
}

function planCounty(county: County): StationPlan[] {
  const towns = county.towns;
  const count = Math.min(2 + (stableHash(county.code) % 3), towns.length);
  const plans: StationPlan[] = [];
  for (let j = 0; j < count; j++) {
    // Contiguous runs of towns in code order: the first run holds the county seat's subdistricts.
    const from = Math.floor((j * towns.length) / count);
    const to = Math.floor(((j + 1) * towns.length) / count);
    const served = towns.slice(from, to);
    const seat = served[0];
    if (!seat) throw new Error(`no town for station ${j} of ${county.code}`);
    plans.push({
      code: `${county.code}${String(j + 1).padStart(2, '0')}`,
      name: `${seat.name}供电所`,
      county,
      city: county.city,
      towns: served,
      weight: served.reduce((sum, t) => sum + townWeight(t), 0),
    });
  }
  return plans;
}

const planCache = new Map<string, readonly StationPlan[]>();

/** Every station of a province (default Yunnan, 53) with the towns it serves, in code order. */
export function stationPlans(province: string = DEFAULT_PROVINCE): readonly StationPlan[] {
  let plans = planCache.get(province);
  if (!plans) {
    plans = demoProvince(province).cities.flatMap((city) => city.counties.flatMap(planCounty));
    planCache.set(province, plans);
  }
  return plans;
}

/** A province's org tree as loader rows ('广东省电力公司' …): parents always come before their children. */
export function generateOrgUnits(provinceCode: string = DEFAULT_PROVINCE): OrgUnitRow[] {
  const province = demoProvince(provinceCode);
  const rows: OrgUnitRow[] = [
    {
      code: province.code,
      name: `${province.name}电力公司`,
      level: 'province',
      parent_code: '',
      division_code: province.code,
    },
  ];
  const plans = stationPlans(provinceCode);
  for (const city of province.cities) {
    rows.push({
      code: city.code,
      name: `${city.shortName}供电公司`,
      level: 'city',
      parent_code: province.code,
      division_code: city.code,
    });
    for (const county of city.counties) {
      rows.push({
        code: county.code,
        name: `${county.name}供电公司`,
        level: 'county',
        parent_code: city.code,
        division_code: county.code,
      });
      for (const station of plans.filter((p) => p.county === county)) {
        rows.push({
          code: station.code,
          name: station.name,
          level: 'station',
          parent_code: county.code,
          division_code: '',
        });
      }
    }
  }
  return rows;
}

/**
 * How many of `total` customers each station gets: proportional to its weight, by largest
 * remainder, so the counts add up exactly and bigger counties get more.
 */
export function stationQuotas(stations: readonly StationPlan[], total: number): number[] {
  const sum = stations.reduce((s, p) => s + p.weight, 0);
  const exact = stations.map((p) => (total * p.weight) / sum);
  const quotas = exact.map(Math.floor);
  let left = total - quotas.reduce((s, q) => s + q, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    quotas[i] = (quotas[i] ?? 0) + 1;
    left--;
  }
  return quotas;
}
