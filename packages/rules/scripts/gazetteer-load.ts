// What the gazetteer costs a process: bytes of data the rules package loads, the first import,
// building the name index, and the first address check. Run after a refresh:
//   node --import tsx packages/rules/scripts/gazetteer-load.ts
import { statSync } from 'node:fs';

const t0 = performance.now();
const rules = await import('../src/index.ts');
const t1 = performance.now();
const g = rules.getGazetteer();
const t2 = performance.now();
const compiled = rules.compileRuleSet(rules.defaultRuleSet, { today: '2026-11-27' });
compiled.check({
  customer_no: '1',
  name: '张伟',
  customer_type: 'residential',
  cert_type: 'resident_id',
  cert_no: '530426196503121012',
  mobile: '13987712345',
  landline: '',
  address: '云南省玉溪市峨山彝族自治县双江街道柏锦社区3组45号',
  region: { provinceCode: '53', cityCode: '5304', countyCode: '530426' },
});
const t3 = performance.now();
const bytes = ['cn-gazetteer.json', 'villages-53.json']
  .map((f) => statSync(new URL(`../src/gazetteer/data/${f}`, import.meta.url)).size)
  .reduce((a, b) => a + b, 0);
console.log({
  source: rules.GAZETTEER_SOURCE.divisions,
  provinces: g.provinces().length,
  bytesLoaded: bytes,
  importMs: Math.round(t1 - t0),
  indexMs: Math.round(t2 - t1),
  firstCheckMs: Math.round(t3 - t2),
  heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
});
