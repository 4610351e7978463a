// "This change would flag N more / M fewer customers, by city": both the active and the candidate
// set over the same deterministic sample (the first customers by id, read by keyset pages). The
// cross-record checks (X-01…03, whose thresholds a coordinator edits too) are counted for the
// same customers: each sampled customer's groups are read whole through the key indexes and
// checked under both sets' thresholds, as a full run would check them.
import type { CompiledRuleSet, Finding } from '@qingyuan/rules';
import type { Db } from '../../db.ts';
import { findCustomerPage } from '../validation/queries.ts';
import {
  crossRecordFindingsOf,
  crossRecordParams,
  findGroupsOf,
} from '../validation/cross-record.queries.ts';
import { loadDivisions, toRecord } from '../validation/records.ts';
import { chinaToday, compileVersion, getActiveRuleSet } from './active.ts';
import * as q from './queries.ts';
import type { Preview } from '@qingyuan/contract/rule-sets';
import { getRuleSet } from './service.ts';

const isFlagged = (findings: Finding[]) => findings.some((f) => f.severity !== 'info');

export async function previewRuleSet(
  db: Db,
  version: number,
  sampleSize: number,
  now: Date,
): Promise<Preview> {
  await getRuleSet(db, version, now); // 404 for an unknown version
  const today = chinaToday(now);
  const active: CompiledRuleSet = await getActiveRuleSet(db, now);
  const candidate = await compileVersion(db.kysely, version, today);
  const [divisions, cities] = await Promise.all([loadDivisions(db.kysely), q.findCityNames(db.kysely)]);
  const byCity = new Map<
    string,
    { sampled: number; flaggedActive: number; flaggedCandidate: number; more: number; fewer: number }
  >();
  const sample = await checkSample(db, sampleSize, divisions, active, candidate);
  const cross = await crossRecordFlagged(
    db,
    sample.map((s) => s.id),
    active,
    candidate,
  );
  for (const { id, cityCode, ...flags } of sample) {
    const a = flags.a || cross.active.has(id);
    const c = flags.c || cross.candidate.has(id);
    let city = byCity.get(cityCode);
    if (!city)
      byCity.set(cityCode, (city = { sampled: 0, flaggedActive: 0, flaggedCandidate: 0, more: 0, fewer: 0 }));
    city.sampled++;
    if (a) city.flaggedActive++;
    if (c) city.flaggedCandidate++;
    if (c && !a) city.more++;
    if (a && !c) city.fewer++;
  }
  const names = new Map(cities.map((c) => [c.code, c.name]));
  const list = [...byCity.entries()]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([cityCode, v]) => ({ cityCode, cityName: names.get(cityCode) ?? cityCode, ...v }));
  const sum = (k: 'more' | 'fewer' | 'flaggedActive' | 'flaggedCandidate') =>
    list.reduce((n, c) => n + c[k], 0);
  return {
    activeVersion: active.version,
    candidateVersion: version,
    sampled: sample.length,
    more: sum('more'),
    fewer: sum('fewer'),
    flaggedActive: sum('flaggedActive'),
    flaggedCandidate: sum('flaggedCandidate'),
    byCity: list,
  };
}

/** Which of these customers the cross-record checks flag under each set's thresholds. */
async function crossRecordFlagged(
  db: Db,
  ids: readonly number[],
  active: CompiledRuleSet,
  candidate: CompiledRuleSet,
) {
  return db.kysely.transaction().execute(async (trx) => {
    const groups = await findGroupsOf(trx, ids);
    const flagged = async (rules: CompiledRuleSet) => {
      const inSample = new Set(ids);
      const found = await crossRecordFindingsOf(trx, crossRecordParams(rules.crossRecord), groups);
      return new Set(found.filter((f) => inSample.has(f.id) && f.severity !== 'info').map((f) => f.id));
    };
    return { active: await flagged(active), candidate: await flagged(candidate) };
  });
}

/** The first `size` customers by id, each checked record by record under both sets. */
async function checkSample(
  db: Db,
  size: number,
  divisions: Awaited<ReturnType<typeof loadDivisions>>,
  active: CompiledRuleSet,
  candidate: CompiledRuleSet,
) {
  const province = { cityCode: null, countyCode: null };
  const sample: { id: number; cityCode: string; a: boolean; c: boolean }[] = [];
  let after = 0;
  while (sample.length < size) {
    const rows = await findCustomerPage(db.kysely, province, after, Math.min(5_000, size - sample.length));
    if (rows.length === 0) break;
    for (const row of rows) {
      const record = toRecord(row, divisions);
      sample.push({
        id: row.id,
        cityCode: row.city_code,
        a: isFlagged(active.check(record)),
        c: isFlagged(candidate.check(record)),
      });
    }
    after = rows[rows.length - 1]!.id;
  }
  return sample;
}
