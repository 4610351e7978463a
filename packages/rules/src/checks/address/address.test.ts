import { describe, expect, it } from 'vitest';
import { provinceDivisions } from '../../gazetteer/divisions.ts';
import { getGazetteer } from '../../gazetteer/gazetteer.ts';
import { runCheck } from '../../test-support.ts';
import type { Issue } from '../../types.ts';
import { addressCheck } from './address.ts';

const ESHAN = { provinceCode: '53', cityCode: '5304', countyCode: '530426' };
const check = (v: string, region: object = ESHAN, params = {}) =>
  runCheck(addressCheck, 'address', v, params, { region });
const flagged = (i: Issue | undefined) => i !== undefined && i.severity !== 'info';

// Yunnan as [county, town, village] rows: 129 counties, 1,461 towns, 14,888 villages (NBS 2023).
const yunnanCounties = provinceDivisions('53')?.prefectures.flatMap((p) => p.counties) ?? [];
const yunnanTowns = yunnanCounties.flatMap((county) => county.towns.map((town) => ({ county, town })));
const yunnanVillages = yunnanTowns.flatMap(({ county, town }) =>
  town.villages.map((village) => ({ county, town, village })),
);

describe('address', () => {
  it.each([
    '云南省玉溪市峨山彝族自治县双江街道柏锦社区3组45号',
    '云南省玉溪市峨山彝族自治县双江街道登云社区文化路12号',
    '玉溪市峨山县双江街道柏锦社区3组45号',
    '峨山县甸中镇大寨村委会大寨村28号',
    '峨山县岔河乡大寨村1组1号',
    '云南玉溪峨山双江街道柏锦社区3组45号',
    '双江街道柏锦社区3组45号',
    '峨山县双江镇柏锦村5号',
  ])('accepts %s for an Eshan customer', (v) => expect(check(v)).toBeUndefined());

  it.each([
    ['昆明市盘龙区北京路1号', { provinceCode: '53', cityCode: '5301', countyCode: '530103' }],
    [
      '云南省昆明市五华区华山街道翠湖南路88号3栋2单元501室',
      { provinceCode: '53', cityCode: '5301', countyCode: '530102' },
    ],
    ['红河州个旧市鸡街镇兴业村12号', { provinceCode: '53', cityCode: '5325', countyCode: '532501' }],
    [
      '西双版纳傣族自治州景洪市嘎洒街道曼达村民小组8号',
      { provinceCode: '53', cityCode: '5328', countyCode: '532801' },
    ],
    ['楚雄州禄丰县金山镇东街社区12号', { provinceCode: '53', cityCode: '5323', countyCode: '532302' }],
    ['云南玉溪红塔区玉兴路5号', { provinceCode: '53', cityCode: '5304', countyCode: '530402' }],
  ])('accepts %s in its own region', (v, region) => expect(check(v, region)).toBeUndefined());

  it.each([
    ['不详', 'address.vague'],
    ['同上', 'address.vague'],
    ['无', 'address.vague'],
    ['见上', 'address.vague'],
    ['详见合同', 'address.vague'],
    ['...', 'address.vague'],
    ['NULL', 'address.vague'],
    ['？？', 'address.vague'],
    ['大寨村', 'address.too_short'],
    ['峨山县', 'address.too_short'],
    ['北京市朝阳区建国路88号', 'address.other_province'],
    ['昆明市盘龙区北京路1号', 'address.other_city'],
    ['云南省昆明市五华区华山街道翠湖南路88号', 'address.other_city'],
    ['红河州个旧市鸡街镇兴业村12号', 'address.other_city'],
    ['四川省成都市武侯区人民南路4号', 'address.other_province'],
    ['玉溪市红塔区玉兴街道玉兴路5号', 'address.other_county'],
    ['玉溪市峨山县', 'address.missing_levels'],
    ['曲靖市麒麟区', 'address.other_city'],
    ['云南省玉溪市峨山彝族自治县', 'address.missing_levels'],
    ['峨山县双江街道', 'address.missing_village'],
    ['玉溪市峨山县柏锦社区3组45号', 'address.missing_town'],
    ['大寨村小卖部旁边', 'address.missing_town'],
    ['峨山县甸中镇大寨村小卖部旁边', 'address.relative'],
    ['峨山县峨山县双江街道柏锦社区3组45号', 'address.duplicate_prefix'],
    ['峨山县甸中镇大寨村', 'address.no_house_number'],
    ['峨山甸中大寨', 'address.no_house_number'],
  ])('%s → %s', (v, code) => expect(check(v)?.code).toBe(code));

  it('reads a bare village name only against the villages of the town written (新街村 lies in 竹园镇, not 胜境街道)', () => {
    const fuyuan = { provinceCode: '53', cityCode: '5303', countyCode: '530325' };
    expect(check('云南省曲靖市富源县胜境街道新街', fuyuan)).toMatchObject({
      code: 'address.missing_village',
      severity: 'warning',
    });
    expect(check('云南省曲靖市富源县竹园镇新街', fuyuan)).toMatchObject({
      code: 'address.no_house_number',
      severity: 'info',
    });
  });

  it('the gazetteer scan skips only positions where no name can start (fast path vs every position)', () => {
    const g = getGazetteer();
    const texts = [
      ...yunnanCounties.map(({ name }) => `云南省${name}双江街道北京路1号四川省成都市玉溪市`),
      ...yunnanTowns
        .slice(0, 400)
        .map(({ town }, i) => `${town.name}${yunnanVillages[i * 30]?.village ?? ''}${town.name}`),
    ];
    const missed: string[] = [];
    for (const t of texts) {
      for (let i = 0; i < t.length; i++)
        if (g.nameAt(t, i) && g.nextNameStart(t, i) !== i) missed.push(`${t}@${i}`);
    }
    expect(missed).toEqual([]);
  });

  it('grades severities: region in another city is an error, another county in the same city a warning', () => {
    expect(check('昆明市盘龙区北京路1号')?.severity).toBeUndefined();
    expect(check('玉溪市红塔区玉兴街道玉兴路5号')?.severity).toBe('warning');
    expect(check('峨山县甸中镇大寨村')?.severity).toBe('info');
  });

  it('suggests the address without the repeated prefix', () => {
    expect(check('峨山县峨山县双江街道柏锦社区3组45号')?.suggested).toBe('峨山县双江街道柏锦社区3组45号');
  });

  it('honours params: minLevels, checks, vague list', () => {
    expect(check('峨山县甸中镇大寨村', ESHAN, { minLevels: ['town', 'village', 'house_number'] })?.code).toBe(
      'address.missing_house_number',
    );
    expect(check('昆明市盘龙区北京路1号', ESHAN, { checks: ['vague', 'short', 'levels'] })).toBeUndefined();
    expect(check('不清楚', ESHAN, { vague: ['不清楚'] })?.code).toBe('address.vague');
  });
});

describe('address: every Yunnan village in its own county is clean', () => {
  const g = getGazetteer();
  const cases = yunnanVillages.map(({ county, town, village }) => ({
    village,
    town: town.name,
    county: g.division(county.code),
    city: g.division(county.code.slice(0, 4)),
  }));

  // Loops over every village: give them room on a loaded 2-core machine.
  const LOOP_TIMEOUT = 60_000;

  it(
    `${cases.length} full-form addresses raise no error or warning`,
    () => {
      expect(cases).toHaveLength(14888);
      const bad: string[] = [];
      for (const c of cases) {
        if (!c.county || !c.city) continue;
        const address = `云南省${c.city.name}${c.county.name}${c.town}${c.village}3组45号`;
        const region = { provinceCode: '53', cityCode: c.city.code, countyCode: c.county.code };
        const issue = check(address, region);
        if (flagged(issue)) bad.push(`${address}: ${issue?.code}`);
      }
      expect(bad.slice(0, 20)).toEqual([]);
    },
    LOOP_TIMEOUT,
  );

  it(
    'the same addresses written without province and city raise nothing either',
    () => {
      const bad: string[] = [];
      for (const c of cases) {
        if (!c.county || !c.city) continue;
        const address = `${c.county.name}${c.town}${c.village}12号`;
        const issue = check(address, {
          provinceCode: '53',
          cityCode: c.city.code,
          countyCode: c.county.code,
        });
        if (flagged(issue)) bad.push(`${address}: ${issue?.code}`);
      }
      expect(bad.slice(0, 20)).toEqual([]);
    },
    LOOP_TIMEOUT,
  );
});
