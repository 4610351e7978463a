import { describe, expect, it } from 'vitest';
import { provinceDivisions } from '@qingyuan/rules';
import { generateOrgUnits, stationPlans, stationQuotas } from './org.ts';

// Yunnan from the gazetteer, as [code, name, parent code] rows.
const yunnan = provinceDivisions('53')?.prefectures.flatMap((p) => p.counties.map((c) => ({ p, c }))) ?? [];
const counties = new Map(yunnan.map(({ p, c }) => [c.code, [c.code, c.name, p.code]]));
const towns = new Map(yunnan.flatMap(({ c }) => c.towns.map((t) => [t.code, [t.code, t.name, c.code]])));

describe('generateOrgUnits', () => {
  const orgs = generateOrgUnits();
  const byCode = new Map(orgs.map((o) => [o.code, o]));

  it('is one province with nine real city companies', () => {
    expect(orgs.filter((o) => o.level === 'province')).toEqual([
      { code: '53', name: '云南省电力公司', level: 'province', parent_code: '', division_code: '53' },
    ]);
    const cities = orgs.filter((o) => o.level === 'city');
    expect(cities.map((c) => c.code)).toEqual([
      '5301',
      '5303',
      '5304',
      '5305',
      '5306',
      '5307',
      '5308',
      '5323',
      '5329',
    ]);
    expect(cities.map((c) => c.name)).toEqual([
      '昆明供电公司',
      '曲靖供电公司',
      '玉溪供电公司',
      '保山供电公司',
      '昭通供电公司',
      '丽江供电公司',
      '普洱供电公司',
      '楚雄供电公司',
      '大理供电公司',
    ]);
    for (const c of cities) expect(c).toMatchObject({ parent_code: '53', division_code: c.code });
  });

  it('has every real county of those cities, named after it, with its GB/T 2260 code', () => {
    const countyRows = orgs.filter((o) => o.level === 'county');
    const expected = [...counties.values()].filter((c) => byCode.get(c[2] ?? '')?.level === 'city');
    expect(countyRows.map((c) => c.code).sort()).toEqual(expected.map((c) => c[0]).sort());
    expect(countyRows).toHaveLength(85);
    for (const c of countyRows) {
      expect(c.division_code).toBe(c.code);
      expect(c.name).toBe(`${counties.get(c.code)?.[1]}供电公司`);
      expect(c.parent_code).toBe(counties.get(c.code)?.[2]);
    }
  });

  it('gives every county 2–4 stations named after one of its real towns', () => {
    for (const county of orgs.filter((o) => o.level === 'county')) {
      const stations = orgs.filter((o) => o.parent_code === county.code);
      expect(stations.length).toBeGreaterThanOrEqual(2);
      expect(stations.length).toBeLessThanOrEqual(4);
      for (const s of stations) {
        expect(s.level).toBe('station');
        expect(s.code).toMatch(new RegExp(`^${county.code}\\d{2}$`));
        const townNames = [...towns.values()].filter((t) => t[2] === county.code).map((t) => `${t[1]}供电所`);
        expect(townNames).toContain(s.name);
      }
    }
  });

  it('lists parents before children and has unique codes', () => {
    const seen = new Set<string>();
    for (const o of orgs) {
      if (o.parent_code) expect(seen.has(o.parent_code)).toBe(true);
      expect(seen.has(o.code)).toBe(false);
      seen.add(o.code);
    }
  });

  it('lets each station serve a fixed, disjoint set of its county’s towns', () => {
    const served = new Map<string, string>();
    for (const plan of stationPlans()) {
      for (const town of plan.towns) {
        expect(town.code.slice(0, 6)).toBe(plan.county.code);
        expect(served.has(town.code)).toBe(false);
        served.set(town.code, plan.code);
      }
    }
  });
});

describe('stationQuotas', () => {
  it('adds up exactly and gives bigger stations more', () => {
    const plans = stationPlans();
    for (const total of [0, 1, 7, 50_000, 10_000_000]) {
      expect(stationQuotas(plans, total).reduce((s, q) => s + q, 0)).toBe(total);
    }
    const quotas = stationQuotas(plans, 1_000_000);
    const heaviest = plans.reduce((best, p, i) => (p.weight > (plans[best]?.weight ?? 0) ? i : best), 0);
    const lightest = plans.reduce(
      (best, p, i) => (p.weight < (plans[best]?.weight ?? Infinity) ? i : best),
      0,
    );
    expect(quotas[heaviest] ?? 0).toBeGreaterThan(quotas[lightest] ?? 0);
  });
});
