// `pnpm bench rules-accuracy [customers=100000] [seed=20261127] [--province CODE]`: the compiled
// default rule set plus the cross-record checks, scored against the generator's ground truth (10%
// defective customers) on a generated province (default 53, 云南; results of another province go to
// bench/results/rules-accuracy-<code>.json).
//
// Scoring, per customer × field (name, mobile, landline, address, cert_no, cert_type):
// - flagged: the field has at least one finding of severity error or warning (INFO is a tag, not a flag);
// - positive: the field carries a label that should be found, i.e. a label that is detectable AND whose
//   kind the catalogue rates WARN or FAIL. Kinds the catalogue rates INFO are not positives:
//   ID-06 legacy_15 (upgrade the 15-digit ID, INFO), AD-06 format_dup_prefix (auto-fix, INFO), and
//   every format_* kind (NORM-01…03, NM-07: certain auto-fixes, INFO). A detectable:false label (an
//   unassigned number that looks valid) is not expected to be found either;
// - TP flagged ∧ positive, FP flagged ∧ ¬positive, FN ¬flagged ∧ positive. So a WARN on an INFO-only
//   label counts as a false positive: the engine must rate those kinds INFO, as the catalogue does.
import { parseArgs } from 'node:util';
import type { OrgUnitRow } from '@qingyuan/api/demo/generator/generate.ts';
import {
  generateCustomers,
  generateOrgUnits,
  type DefectLabel,
} from '@qingyuan/api/demo/generator/generate.ts';
import {
  compileRuleSet,
  crossRecordFindings,
  defaultRuleSet,
  type CustomerRecord,
  type Finding,
} from '@qingyuan/rules';

const FIELDS = ['name', 'mobile', 'landline', 'address', 'cert_no', 'cert_type'] as const;
type ScoredField = (typeof FIELDS)[number];
const TARGET = 0.995;
const DEFAULT_PROVINCE = '53';
const TODAY = '2026-11-27';

/** Label kinds the catalogue rates INFO: found as a tag at most, never expected as a flag. */
export function isInfoOnlyKind(kind: string): boolean {
  return kind.startsWith('format_') || kind === 'legacy_15';
}

/** Whether a label is a defect the engine must flag (error or warning). */
export const isExpected = (l: DefectLabel): boolean => l.detectable && !isInfoOnlyKind(l.kind);

/** station code → the engine's region (county, city, province codes) from the org tree. */
export function regionsOf(orgs: readonly OrgUnitRow[]): Map<string, NonNullable<CustomerRecord['region']>> {
  const byCode = new Map(orgs.map((o) => [o.code, o]));
  const out = new Map<string, NonNullable<CustomerRecord['region']>>();
  for (const o of orgs) {
    if (o.level !== 'station') continue;
    const county = byCode.get(o.parent_code);
    const city = county ? byCode.get(county.parent_code) : undefined;
    const countyCode = county?.division_code ?? '';
    const cityCode = city?.division_code ?? countyCode.slice(0, 4);
    out.set(o.code, { provinceCode: cityCode.slice(0, 2), cityCode, countyCode });
  }
  return out;
}

/** N generated customers of a province as engine records, with their labels. Deterministic per seed. */
export function generatedRecords(
  customers: number,
  seed: number,
  defectRate = 0.1,
  province = DEFAULT_PROVINCE,
): { records: CustomerRecord[]; labels: DefectLabel[] } {
  const orgs = generateOrgUnits(province);
  const regions = regionsOf(orgs);
  const records: CustomerRecord[] = [];
  const labels: DefectLabel[] = [];
  const stream = generateCustomers({ customers, seed, defectRate, province }, orgs);
  for (const { customer: c, defects } of stream) {
    const record: CustomerRecord = {
      customer_no: c.customer_no,
      name: c.name,
      customer_type: c.customer_type,
      cert_type: c.cert_type,
      cert_no: c.cert_no,
      mobile: c.mobile,
      landline: c.landline,
      address: c.address,
    };
    const region = regions.get(c.station_code);
    if (region) record.region = region;
    records.push(record);
    for (const d of defects) labels.push(d);
  }
  return { records, labels };
}

interface Example {
  customer_no: string;
  value: string;
  codes?: string;
  kinds?: string;
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const key = (customerNo: string, field: string) => `${customerNo}\u0000${field}`;

function readArgs(args: string[]): { positionals: string[]; province: string } {
  const { values, positionals } = parseArgs({
    args,
    options: { province: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const province = values.province ?? DEFAULT_PROVINCE;
  if (!/^\d{2}$/.test(province)) throw new Error(`--province: a two-digit GB/T 2260 code, not ${province}`);
  return { positionals, province };
}

/** rules-accuracy.json for Yunnan at the default size, rules-accuracy-44.json for Guangdong… */
export function resultName(args: string[]): string {
  const { positionals, province } = readArgs(args);
  const base = province === DEFAULT_PROVINCE ? 'rules-accuracy' : `rules-accuracy-${province}`;
  return positionals.length ? `${base}--${positionals.join('-')}` : base;
}

export default async function rulesAccuracy(args: string[]): Promise<Record<string, unknown>> {
  const { positionals, province } = readArgs(args);
  const n = Number(positionals[0] ?? 100_000);
  const seed = Number(positionals[1] ?? 20261127);
  const t0 = performance.now();
  const { records, labels } = generatedRecords(n, seed, 0.1, province);
  const compiled = compileRuleSet(defaultRuleSet, { today: TODAY });

  // customer × field → the codes of its error/warning findings.
  const flagged = new Map<string, string[]>();
  const tagged = new Set<string>();
  const flag = (customerNo: string, f: Finding) => {
    tagged.add(key(customerNo, f.field));
    if (f.severity === 'info') return;
    const k = key(customerNo, f.field);
    const codes = flagged.get(k);
    if (codes) codes.push(`${f.ruleId}:${f.code}`);
    else flagged.set(k, [`${f.ruleId}:${f.code}`]);
  };
  for (const r of records) for (const f of compiled.check(r)) flag(r.customer_no, f);
  for (const f of crossRecordFindings(records)) flag(f.customerNo, f);

  const positive = new Map<string, string[]>();
  const ignored = new Map<string, string[]>();
  for (const l of labels) {
    const target = isExpected(l) ? positive : ignored;
    const k = key(l.customer_no, l.field);
    target.set(k, [...(target.get(k) ?? []), l.kind]);
  }

  // INFO-only kinds are not scored, but the engine should still tag them (at INFO).
  const infoOnly = labels.filter((l) => l.detectable && isInfoOnlyKind(l.kind));
  const infoByKind: Record<string, { labels: number; tagged: number }> = {};
  for (const l of infoOnly) {
    const k = (infoByKind[l.kind] ??= { labels: 0, tagged: 0 });
    k.labels++;
    if (tagged.has(key(l.customer_no, l.field))) k.tagged++;
  }
  const perField: Record<string, unknown> = {};
  const fpBy: Record<string, Map<string, { count: number; examples: Example[] }>> = {};
  const fnBy: Record<string, Map<string, { count: number; examples: Example[] }>> = {};
  const tally = (into: Map<string, { count: number; examples: Example[] }>, group: string, ex: Example) => {
    const g = into.get(group) ?? { count: 0, examples: [] };
    g.count++;
    if (g.examples.length < 3) g.examples.push(ex);
    into.set(group, g);
  };
  let allMet = true;
  for (const field of FIELDS) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const fps = (fpBy[field] = new Map());
    const fns = (fnBy[field] = new Map());
    for (const r of records) {
      const k = key(r.customer_no, field);
      const codes = flagged.get(k);
      const kinds = positive.get(k);
      const value = String(r[field as ScoredField] ?? '');
      if (codes && kinds) tp++;
      else if (codes) {
        fp++;
        const other = ignored.get(k);
        tally(fps, codes.join(' '), {
          customer_no: r.customer_no,
          value,
          ...(other ? { kinds: other.join(' ') } : {}),
        });
      } else if (kinds) {
        fn++;
        tally(fns, kinds.join(' '), { customer_no: r.customer_no, value });
      }
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const met = precision >= TARGET && recall >= TARGET;
    allMet &&= met;
    perField[field] = { tp, fp, fn, precision: round(precision), recall: round(recall), met };
  }
  const top = (m: Map<string, { count: number; examples: Example[] }>) =>
    [...m.entries()]
      .sort((a, b) => b[1].count - a[1].count)
      .slice(0, 8)
      .map(([group, g]) => ({ group, ...g }));
  return {
    province,
    customers: n,
    seed,
    today: TODAY,
    labels: labels.length,
    expectedLabels: labels.filter(isExpected).length,
    scoring:
      'flag = error/warning finding on the field; positive = detectable label of a WARN/FAIL kind (not format_*, legacy_15)',
    target: TARGET,
    allMet,
    perField,
    infoOnlyKindsTagged: infoByKind,
    falsePositives: Object.fromEntries(FIELDS.map((f) => [f, top(fpBy[f] ?? new Map())])),
    falseNegatives: Object.fromEntries(FIELDS.map((f) => [f, top(fnBy[f] ?? new Map())])),
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}
