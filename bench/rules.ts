// `pnpm bench rules [records=200000] [differential=1000000]`:
// (a) libphonenumber-js/max alone over the records' mobiles (parse + isValid + getType), numbers/s;
// (b) the compiled default rule set over the same records on one core, records/s, and b/a (target ≥ 3);
// (c) the differential agreement of the engine with /max over generated numbers, with override counts.
// The record maker below is a stand-in until the shared generator lands.
import { compileRuleSet, defaultRuleSet, residentIdCheckChar, type CustomerRecord } from '@qingyuan/rules';
import { runDifferential } from '../packages/rules/src/phone/differential.ts';
import { phoneStringMaker, seededRandom } from '../packages/rules/src/phone/generate.ts';
import { OVERRIDES } from '../packages/rules/src/phone/overrides.ts';
import { maxVerdict } from '../packages/rules/src/phone/verdict.ts';
import { perSecond } from './util.ts';

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗普李杞白和段';
const GIVEN = ['伟', '芳', '秀英', '建华', '文华', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平'];
const COUNTIES: [code: string, city: string, text: string, towns: string[]][] = [
  ['530426', '5304', '云南省玉溪市峨山彝族自治县', ['双江街道', '甸中镇', '岔河乡', '化念镇']],
  ['530402', '5304', '云南省玉溪市红塔区', ['玉带街道', '凤凰街道', '大营街街道']],
  ['530102', '5301', '云南省昆明市五华区', ['华山街道', '护国街道', '龙翔街道']],
  ['530302', '5303', '云南省曲靖市麒麟区', ['南宁街道', '建宁街道', '越州镇']],
  ['532501', '5325', '云南省红河哈尼族彝族自治州个旧市', ['鸡街镇', '城区街道']],
];
const AREA: Record<string, string> = { '5304': '877', '5301': '871', '5303': '874', '5325': '873' };

/** A plausible customer: ~92% clean, the rest with the usual defects, deterministic per seed. */
export function recordMaker(seed: number): () => CustomerRecord {
  const rng = seededRandom(seed);
  const odd = phoneStringMaker(seed + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 10)).join('');
  let i = 0;
  return () => {
    const [county, city, text, towns] = pick(COUNTIES);
    const residential = rng() < 0.9;
    const y = 1940 + Math.floor(rng() * 65);
    const body = `${county}${y}${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}${digits(3)}`;
    const mobile = rng() < 0.92 ? pick(['139', '138', '150', '151', '187', '188', '182', '135', '177', '199']) + '77' + digits(6) : odd();
    const landline = rng() < 0.25 ? (rng() < 0.9 ? `0${AREA[city] ?? '877'}-${2 + Math.floor(rng() * 7)}${digits(AREA[city] === '871' ? 7 : 6)}` : odd()) : '';
    return {
      customer_no: `53${String(++i).padStart(10, '0')}`,
      name: residential ? pick([...SURNAMES]) + pick(GIVEN) : `${text.slice(3, 6)}${pick(['兴农养殖专业合作社', '建材有限公司', '小卖部', '村民委员会'])}`,
      customer_type: residential ? 'residential' : 'non_residential',
      cert_type: residential ? 'resident_id' : 'uscc',
      cert_no: residential ? body + residentIdCheckChar(body) : `91${county}MA${digits(8)}`,
      mobile,
      landline,
      address: `${text}${pick(towns)}${pick(['大寨村', '柏锦社区', '登云社区', '兴业村'])}${1 + Math.floor(rng() * 9)}组${1 + Math.floor(rng() * 99)}号`,
      region: { provinceCode: '53', cityCode: city, countyCode: county },
    };
  };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export default async function rules(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[0] ?? 200_000);
  const nDiff = Number(args[1] ?? 1_000_000);
  const next = recordMaker(20261127);
  const records = Array.from({ length: n }, next);
  const compiled = compileRuleSet(defaultRuleSet, { today: '2026-11-27' });

  // Warm both up (JIT), then measure each twice and keep the better run.
  for (let i = 0; i < 20_000; i++) {
    maxVerdict(records[i % n]?.mobile ?? '');
    compiled.check(records[i % n] as CustomerRecord);
  }
  let valid = 0;
  const aMs = Math.min(...[0, 1].map(() => time(() => {
    valid = 0;
    for (const r of records) if (maxVerdict(r.mobile).valid) valid++;
  })));
  let findings = 0;
  const bMs = Math.min(...[0, 1].map(() => time(() => {
    findings = 0;
    for (const r of records) findings += compiled.check(r).length;
  })));
  const a = perSecond(n, aMs);
  const b = perSecond(n, bMs);

  const t0 = performance.now();
  const diff = runDifferential(20261127, nDiff);
  const diffMs = performance.now() - t0;
  const overridden = Object.values(diff.byOverride).reduce((s, x) => s + x, 0);
  return {
    records: n,
    a_maxParseNumbersPerSec: a,
    a_validMobiles: valid,
    b_ruleSetRecordsPerSec: b,
    b_rules: compiled.ruleIds.length,
    b_findings: findings,
    ratio_b_over_a: Math.round((b / a) * 100) / 100,
    target_ratio: 3,
    c_differential: {
      numbers: diff.n,
      agree: diff.agree,
      agreeShare: Math.round((diff.agree / diff.n) * 1e4) / 1e4,
      explainedByOverrides: overridden,
      unexplained: diff.unexplained.length,
      unexplainedExamples: diff.unexplained.slice(0, 10),
      byOverride: Object.fromEntries(OVERRIDES.map((o) => [o.id, { count: diff.byOverride[o.id] ?? 0, ours: o.ours, max: o.max }])),
      seconds: Math.round(diffMs / 100) / 10,
    },
  };
}
