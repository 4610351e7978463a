// `pnpm bench rules [records=200000] [differential=1000000]`:
// (a) libphonenumber-js/max alone over the records' mobiles (parse + isValid + getType), numbers/s;
// (b) the compiled default rule set over the same records on one core, records/s, and b/a (target ≥ 3);
// (c) the differential agreement of the engine with /max over generated numbers, with override counts.
// The records come from the shared generator (the demo province, 10% defective), the same as
// `pnpm bench rules-accuracy`, built in memory before either timing starts.
import { compileRuleSet, defaultRuleSet, type CustomerRecord } from '@qingyuan/rules';
import { runDifferential } from '../packages/rules/src/phone/differential.ts';
import { OVERRIDES } from '../packages/rules/src/phone/overrides.ts';
import { maxVerdict } from '../packages/rules/src/phone/verdict.ts';
import { generatedRecords } from './rules-accuracy.ts';
import { perSecond } from './util.ts';

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export default async function rules(args: string[]): Promise<Record<string, unknown>> {
  const n = Number(args[0] ?? 200_000);
  const nDiff = Number(args[1] ?? 1_000_000);
  const { records } = generatedRecords(n, 20261127);
  const compiled = compileRuleSet(defaultRuleSet, { today: '2026-11-27' });

  // Warm both up (JIT), then measure each twice and keep the better run.
  for (let i = 0; i < 20_000; i++) {
    maxVerdict(records[i % n]?.mobile ?? '');
    compiled.check(records[i % n] as CustomerRecord);
  }
  let valid = 0;
  const aMs = Math.min(
    ...[0, 1].map(() =>
      time(() => {
        valid = 0;
        for (const r of records) if (maxVerdict(r.mobile).valid) valid++;
      }),
    ),
  );
  let findings = 0;
  const bMs = Math.min(
    ...[0, 1].map(() =>
      time(() => {
        findings = 0;
        for (const r of records) findings += compiled.check(r).length;
      }),
    ),
  );
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
      byOverride: Object.fromEntries(
        OVERRIDES.map((o) => [o.id, { count: diff.byOverride[o.id] ?? 0, ours: o.ours, max: o.max }]),
      ),
      seconds: Math.round(diffMs / 100) / 10,
    },
  };
}
