// The generator outside Yunnan: Guangdong (44, 8-digit numbers in the big cities) and Xinjiang
// (65, autonomous prefectures, 地区, counties with an area code of their own).
import { createHash } from 'node:crypto';
import { AREA_CODES, getGazetteer, provinceDivisions } from '@qingyuan/rules';
import { describe, expect, it } from 'vitest';
import {
  isCleanAddress,
  isCleanLandline,
  isCleanPersonName,
  isValidResidentId,
  isValidUscc,
} from './catalogue.testing.ts';
import { demoProvince, mentionsForeignPlace } from './gazetteer.ts';
import { generateCustomers, generateOrgUnits, type GeneratedCustomer } from './generate.ts';
import { stationPlans } from './org.ts';
import { exchangeOf } from './phones.ts';

const collect = (province: string, customers: number, seed: number): GeneratedCustomer[] => [
  ...generateCustomers({ customers, seed, province }, generateOrgUnits(province)),
];
const digest = (rows: GeneratedCustomer[]) => createHash('sha256').update(JSON.stringify(rows)).digest('hex');

describe.each(['44', '65'])('province %s', (province) => {
  const rows = collect(province, 20_000, 17);
  const plans = new Map(stationPlans(province).map((p) => [p.code, p]));
  const counties = demoProvince(province).counties.flatMap((c) => [c.name, ...c.otherForms]);
  const clean = (r: GeneratedCustomer, field: string) => !r.defects.some((d) => d.field === field);

  it('has an org tree of that province’s own prefectures, counties and towns', () => {
    const orgs = generateOrgUnits(province);
    const division = provinceDivisions(province);
    expect(orgs[0]).toMatchObject({ code: province, name: `${division?.name}电力公司`, level: 'province' });
    const g = getGazetteer();
    for (const o of orgs.filter((u) => u.level === 'city' || u.level === 'county')) {
      expect(o.code.startsWith(province)).toBe(true);
      expect(g.division(o.division_code)?.level).toBe(o.level);
    }
    for (const plan of plans.values()) {
      expect(plan.county.code.startsWith(plan.city.code)).toBe(true);
      for (const town of plan.towns) {
        // 城东街道 for NBS's 端州区城东街道: the county is not written twice.
        const real = g.towns(plan.county.code).find((t) => t.code === town.code);
        expect([town.name, `${plan.county.name}${town.name}`]).toContain(real?.name);
        for (const v of town.villages) expect(mentionsForeignPlace(v, plan.county.code), v).toBe(false);
      }
    }
  });

  it('writes clean addresses in the station’s county, towns it serves, naming no other county', () => {
    for (const r of rows) {
      if (!clean(r, 'address')) continue;
      const plan = plans.get(r.customer.station_code);
      expect(r.customer.customer_no.startsWith(province)).toBe(true);
      // 乳源县 for 乳源瑶族自治县, 增城市 for 增城区: judged under the form written.
      const forms = [plan?.county.name ?? '?', ...(plan?.county.otherForms ?? [])];
      const written = forms.find((n) => r.customer.address.includes(n)) ?? '?';
      expect(isCleanAddress(r.customer.address, written, counties), r.customer.address).toBe(true);
      expect(plan?.towns.some((t) => r.customer.address.includes(t.name))).toBe(true);
    }
  });

  it('gives landlines the county’s real area code at the length libphonenumber accepts', () => {
    let landlines = 0;
    for (const r of rows) {
      if (!clean(r, 'landline') || r.customer.landline === '') continue;
      const plan = plans.get(r.customer.station_code);
      if (!plan) throw new Error('no plan');
      const area = exchangeOf(plan.county);
      expect(area.areaCode).toBe(getGazetteer().areaCode(plan.county.code));
      expect(AREA_CODES.get(area.areaCode.slice(1))).toContain(area.localLength);
      expect(isCleanLandline(r.customer.landline, area.areaCode, area.localLength), r.customer.landline).toBe(
        true,
      );
      landlines++;
    }
    expect(landlines).toBeGreaterThan(3_000);
  });

  it('issues IDs and USCCs with the region code of the customer’s county', () => {
    for (const r of rows) {
      if (!clean(r, 'cert_no') || !clean(r, 'cert_type')) continue;
      const county = plans.get(r.customer.station_code)?.county.code;
      const { cert_no: cert, customer_type: type } = r.customer;
      if (type === 'residential') {
        expect(isValidResidentId(cert), cert).toBe(true);
        expect(cert.slice(0, 6)).toBe(county);
      } else {
        expect(isValidUscc(cert), cert).toBe(true);
        expect(cert.slice(2, 8)).toBe(county);
      }
    }
  });

  it('writes clean names, and company names with the province’s own short name', () => {
    const stem = demoProvince(province).stem;
    for (const r of rows)
      if (clean(r, 'name') && r.customer.customer_type === 'residential')
        expect(isCleanPersonName(r.customer.name), r.customer.name).toBe(true);
    expect(rows.some((r) => r.customer.name.startsWith(stem) && r.customer.name.endsWith('公司'))).toBe(true);
    expect(rows.some((r) => r.customer.name.startsWith('云南'))).toBe(false);
  });

  it('is deterministic per seed', () => {
    expect(digest(collect(province, 3_000, 17))).toBe(digest(collect(province, 3_000, 17)));
    expect(digest(collect(province, 3_000, 17))).not.toBe(digest(collect(province, 3_000, 18)));
  });
});

describe('province specifics', () => {
  it('numbers Guangzhou and Shenzhen with 8 digits, Shaoguan with 7', () => {
    const cities = new Map(demoProvince('44').cities.map((c) => [c.code, c]));
    expect(cities.get('4401')).toMatchObject({ areaCode: '020', localLength: 8 });
    expect(cities.get('4403')).toMatchObject({ areaCode: '0755', localLength: 8 });
    expect(cities.get('4402')).toMatchObject({ areaCode: '0751', localLength: 7 });
  });

  it('names Xinjiang’s city companies by their stems and gives 奎屯 its own area code', () => {
    const orgs = generateOrgUnits('65');
    const names = orgs.filter((o) => o.level === 'city').map((o) => o.name);
    expect(names).toContain('阿克苏供电公司');
    expect(names).toContain('伊犁供电公司');
    expect(names).toContain('巴音郭楞供电公司');
    const kuitun = demoProvince('65').counties.find((c) => c.code === '654003');
    expect(kuitun && exchangeOf(kuitun)).toMatchObject({ areaCode: '0992' });
  });

  it('names city companies for autonomous prefectures and directly administered counties', () => {
    const names = generateOrgUnits('42')
      .filter((o) => o.level === 'city')
      .map((o) => o.name);
    expect(names).toContain('恩施供电公司'); // 恩施土家族苗族自治州
    expect(names).toContain('湖北直管市县供电公司'); // 仙桃, 潜江, 天门…
    // Only counties whose landlines the engine can check: each has an area code in the gazetteer.
    for (const county of demoProvince('65').counties)
      expect(getGazetteer().areaCode(county.code), county.name).toBe(county.areaCode);
  });

  it('gives southern Xinjiang mostly Uyghur names', () => {
    const kashgar = collect('65', 20_000, 3).filter((r) => r.customer.station_code.startsWith('6531'));
    const dotted = kashgar.filter((r) => r.customer.name.includes('·')).length;
    expect(dotted / kashgar.length).toBeGreaterThan(0.7);
  });

  it('makes a municipality without a prefecture name in its addresses', () => {
    const rows = collect('11', 500, 1);
    expect(generateOrgUnits('11').filter((o) => o.level === 'city')).toHaveLength(1);
    expect(rows.some((r) => r.customer.address.startsWith('北京市东城区'))).toBe(true);
    expect(rows.some((r) => r.customer.address.includes('市辖区'))).toBe(false);
  });
});
