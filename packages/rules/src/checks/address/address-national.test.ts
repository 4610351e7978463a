// Address checks outside Yunnan: the same rules on 广东 (44), 新疆 (65), 黑龙江 (23) and 云南 (53),
// as a new user with another province's org tree would try them.
import { describe, expect, it } from 'vitest';
import { listProvinces, provinceDivisions } from '../../gazetteer/divisions.ts';
import { runCheck } from '../../test-support.ts';
import type { Issue } from '../../types.ts';
import { addressCheck } from './address.ts';

const region = (countyCode: string) => ({
  provinceCode: countyCode.slice(0, 2),
  cityCode: countyCode.slice(0, 4),
  countyCode,
});
const check = (address: string, county: string) =>
  runCheck(addressCheck, 'address', address, {}, { region: region(county) });
const flagged = (i: Issue | undefined) => i !== undefined && i.severity !== 'info';

const TIANHE = '440106'; // 广州市天河区
const TIANSHAN = '650102'; // 乌鲁木齐市天山区
const NANGANG = '230103'; // 哈尔滨市南岗区
const ESHAN = '530426'; // 玉溪市峨山彝族自治县

describe('address (national): clean in the customer’s own county', () => {
  it.each([
    // the whole prefix, or starting at the county with no province (a new user's first try)
    ['广东省广州市天河区石牌街道龙口西社区12号', TIANHE],
    ['天河区石牌街道龙口西社区12号', TIANHE],
    ['新疆乌鲁木齐市天山区燕儿窝街道幸福社区3号', TIANSHAN],
    ['天山区燕儿窝街道幸福社区3号', TIANSHAN],
    ['黑龙江省哈尔滨市南岗区花园街道花园社区5号', NANGANG],
    ['南岗区花园街道花园社区5号', NANGANG],
    ['峨山县甸中镇大寨村委会大寨村28号', ESHAN],
    // autonomous short forms
    ['韶关市乳源县乳城镇新兴村12号', '440232'],
    ['清远市连山县永和镇永丰村8号', '441825'],
    ['伊犁州察布查尔县察布查尔镇团结村9号', '654022'],
    ['巴州库尔勒市团结街道幸福社区3号', '652801'],
    ['大庆市杜尔伯特县杜尔伯特镇新村4号', '230624'],
    ['红河州个旧市鸡街镇兴业村12号', '532501'],
    // former names of renamed or merged districts
    ['广州市增城市荔城街道光明社区6号', '440118'],
    ['阿克苏地区库车县热斯坦街道团结社区7号', '652902'],
    ['哈尔滨市双城市五家街道新兴社区2号', '230113'],
    ['伊春市伊春区朝阳街道前进社区1号', '230717'],
    ['楚雄州禄丰县金山镇东街社区12号', '532302'],
    // a prefecture without counties written once; a town NBS writes after its county (端州区城东街道)
    ['广东省东莞市莞城街道南关社区155号', '441900'],
    ['东莞市莞城街道南关社区155号', '441900'],
    ['肇庆市端州区城西街道城东社区33号', '441202'],
    ['乌鲁木齐市达坂城区盐湖街道清泉社区197号', '650107'],
    // a municipality: no prefecture between the city and its district
    ['北京市东城区东华门街道多福巷社区3号', '110101'],
    ['重庆市石柱土家族自治县南宾街道城南社区2号', '500240'],
    ['石柱县南宾街道城南社区2号', '500240'],
  ])('%s', (address, county) => {
    expect(check(address, county)).toBeUndefined();
  });
});

describe('address (national): another place named', () => {
  it.each([
    // a county of another prefecture of the same province: error, with or without the province
    ['广东省深圳市南山区粤海街道科技园社区1号', TIANHE, 'address.other_city', undefined, '深圳市'],
    ['南山区粤海街道科技园社区1号', TIANHE, 'address.other_city', undefined, '南山区'],
    ['乳源县乳城镇新兴村12号', TIANHE, 'address.other_city', undefined, '乳源瑶族自治县'],
    ['库尔勒市团结街道幸福社区3号', TIANSHAN, 'address.other_city', undefined, '库尔勒市'],
    ['伊犁州察布查尔县察布查尔镇团结村9号', TIANSHAN, 'address.other_city', undefined, '伊犁哈萨克自治州'],
    ['萨尔图区萨尔图街道友谊社区2号', NANGANG, 'address.other_city', undefined, '萨尔图区'],
    ['杜尔伯特县杜尔伯特镇新村4号', NANGANG, 'address.other_city', undefined, '杜尔伯特蒙古族自治县'],
    ['昆明市盘龙区北京路1号', ESHAN, 'address.other_city', undefined, '昆明市'],
    // another province, from the county down
    ['西昌市北城街道胜利社区3号', ESHAN, 'address.other_province', undefined, '西昌市'],
    ['凉山州西昌市北城街道胜利社区3号', TIANHE, 'address.other_province', undefined, '凉山彝族自治州'],
    // another county of the same prefecture (a former name too): warning
    ['番禺区市桥街道富华社区12号', TIANHE, 'address.other_county', 'warning', '番禺区'],
    ['增城市荔城街道光明社区6号', TIANHE, 'address.other_county', 'warning', '增城区'],
    ['双城市五家街道新兴社区2号', NANGANG, 'address.other_county', 'warning', '双城区'],
    // a district of the same municipality; another province's code-alike city
    ['北京市海淀区中关村街道1号', '110101', 'address.other_county', 'warning', '海淀区'],
    ['东莞市莞城街道南关社区155号', TIANHE, 'address.other_city', undefined, '东莞市'],
    ['中山市石岐街道1号', '441900', 'address.other_city', undefined, '中山市'],
    // a township of another county, its county unnamed: warning
    ['市桥街道富华社区12号', TIANHE, 'address.other_county_town', 'warning', '市桥街道'],
    ['萨依巴格街道幸福社区3号', TIANSHAN, 'address.other_county_town', 'warning', '萨依巴格街道'],
    ['南岗区靖宇街道东莱社区7号', NANGANG, 'address.other_county_town', 'warning', '靖宇街道'],
    ['峨山县李棋街道大营社区5号', ESHAN, 'address.other_county_town', 'warning', '李棋街道'],
  ])('%s (customer in %s) → %s', (address, county, code, severity, place) => {
    const issue = check(address, county);
    expect(issue).toMatchObject({ code, params: { place } });
    expect(issue?.severity).toBe(severity);
  });

  it('names the other county of a township in the message parameters', () => {
    expect(check('峨山县李棋街道大营社区5号', ESHAN)?.params).toEqual({
      place: '李棋街道',
      county: '红塔区',
    });
  });

  it('does not take a renamed town of the county for another county’s (双江镇 → 双江街道)', () => {
    expect(check('峨山县双江镇柏锦村5号', ESHAN)).toBeUndefined();
  });

  it('reads a place name inside a village’s or a town’s name as that name (东方红村, 朝阳门街道)', () => {
    expect(check('东方红村3组12号', TIANHE)?.code).toBe('address.missing_town'); // 东方: 东方市, 海南
    expect(check('朝阳门街道史家社区1号', '110101')).toBeUndefined(); // 朝阳: 朝阳区, same city
    expect(check('新县镇幸福村12号', '130930')).toBeUndefined(); // a town of 河北 named like 河南's 新县
  });
});

describe('address (national): every town of every province is clean in its own county', () => {
  const counties = listProvinces().flatMap(
    (p) => provinceDivisions(p.code)?.prefectures.flatMap((pref) => pref.counties) ?? [],
  );

  it(`${counties.length} counties, their towns written after the county name and alone`, () => {
    const bad: string[] = [];
    let n = 0;
    for (const county of counties) {
      for (const town of county.towns) {
        for (const address of [`${county.name}${town.name}幸福村12号`, `${town.name}幸福村12号`]) {
          n++;
          const issue = check(address, county.code);
          // A few NBS town names carry no town word (怀柔地区): missing_town is right for those.
          if (flagged(issue) && issue?.code !== 'address.missing_town')
            bad.push(`${address}: ${issue?.code}`);
        }
      }
    }
    expect(n).toBe(2 * 41352);
    expect(bad.slice(0, 20)).toEqual([]);
  }, 120_000);
});
