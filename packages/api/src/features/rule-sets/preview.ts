// "This change would flag N more / M fewer customers, by city": both the active and the candidate
// set over the same deterministic sample (the first customers by id, read by keyset pages).
import type { CompiledRuleSet, Finding } from '@qingyuan/rules';
import type { Db } from '../../db.ts';
import { findCustomerPage } from '../validation/queries.ts';
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
  const province = { cityCode: null, countyCode: null };
  let after = 0;
  let sampled = 0;
  while (sampled < sampleSize) {
    const rows = await findCustomerPage(db.kysely, province, after, Math.min(5_000, sampleSize - sampled));
    if (rows.length === 0) break;
    for (const row of rows) {
      const record = toRecord(row, divisions);
      const a = isFlagged(active.check(record));
      const c = isFlagged(candidate.check(record));
      let city = byCity.get(row.city_code);
      if (!city)
        byCity.set(
          row.city_code,
          (city = { sampled: 0, flaggedActive: 0, flaggedCandidate: 0, more: 0, fewer: 0 }),
        );
      city.sampled++;
      if (a) city.flaggedActive++;
      if (c) city.flaggedCandidate++;
      if (c && !a) city.more++;
      if (a && !c) city.fewer++;
    }
    sampled += rows.length;
    after = rows[rows.length - 1]!.id;
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
    sampled,
    more: sum('more'),
    fewer: sum('fewer'),
    flaggedActive: sum('flaggedActive'),
    flaggedCandidate: sum('flaggedCandidate'),
    byCity: list,
  };
}
