// Reads of a run's results, always cut to the caller's region by inRegion.
import type { Kysely } from 'kysely';
import type { Database, FindingSeverity } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';

export type SummaryLevel = 'city' | 'county' | 'station';

const levelColumns = (level: SummaryLevel) =>
  level === 'city'
    ? (['city_code'] as const)
    : level === 'county'
      ? (['city_code', 'county_code'] as const)
      : (['city_code', 'county_code', 'station_code'] as const);

/** Counts by unit (at the level) × field × rule × severity. */
export function findingCountsQuery(
  db: Kysely<Database>,
  viewer: Principal,
  runId: number,
  level: SummaryLevel,
) {
  const cols = levelColumns(level);
  return inRegion(db.selectFrom('finding_counts'), viewer.region)
    .where('run_id', '=', runId)
    .select([...cols, 'field', 'rule_id', 'severity'])
    .select((eb) => [
      eb.fn.sum<number>('customers').as('customers'),
      eb.fn.sum<number>('findings').as('findings'),
    ])
    .groupBy([...cols, 'field', 'rule_id', 'severity'])
    .orderBy(cols[cols.length - 1]!)
    .orderBy('field')
    .orderBy('rule_id')
    .orderBy('severity');
}
export const findFindingCounts = (...args: Parameters<typeof findingCountsQuery>) =>
  findingCountsQuery(...args).execute();

/** Customers checked and with at least one error, per unit at the level, with the unit's name. */
export function unitScoresQuery(db: Kysely<Database>, viewer: Principal, runId: number, level: SummaryLevel) {
  const col = level === 'city' ? 'uc.city_code' : level === 'county' ? 'uc.county_code' : 'uc.station_code';
  return inRegion(db.selectFrom('unit_counts as uc'), viewer.region, 'uc')
    .innerJoin('org_units as o', 'o.code', col)
    .where('uc.run_id', '=', runId)
    .select(['o.code', 'o.name'])
    .select((eb) => [
      eb.fn.sum<number>('uc.customers_checked').as('checked'),
      eb.fn.sum<number>('uc.customers_with_error').as('with_error'),
    ])
    .groupBy(['o.code', 'o.name'])
    .orderBy('o.code');
}
export const findUnitScores = (...args: Parameters<typeof unitScoresQuery>) =>
  unitScoresQuery(...args).execute();

export interface FindingFilter {
  field?: string | undefined;
  ruleId?: string | undefined;
  severity?: FindingSeverity | undefined;
  stationCode?: string | undefined;
}

function filteredFindings(db: Kysely<Database>, viewer: Principal, runId: number, f: FindingFilter) {
  let qb = inRegion(db.selectFrom('findings as f'), viewer.region, 'f').where('f.run_id', '=', runId);
  if (f.field) qb = qb.where('f.field', '=', f.field);
  if (f.ruleId) qb = qb.where('f.rule_id', '=', f.ruleId);
  if (f.severity) qb = qb.where('f.severity', '=', f.severity);
  // a station the user picked, within the region already cut above
  if (f.stationCode) qb = qb.where('f.station_code', '=', f.stationCode);
  return qb;
}

const findingColumns = [
  'f.id',
  'f.customer_id',
  'c.customer_no',
  'c.name as customer_name',
  'f.city_code',
  'f.county_code',
  'f.station_code',
  'f.rule_id',
  'f.field',
  'f.code',
  'f.severity',
  'f.message_zh',
  'f.message_en',
  'f.suggested',
] as const;

export async function findFindingPage(
  db: Kysely<Database>,
  viewer: Principal,
  runId: number,
  f: FindingFilter,
  page: number,
  pageSize: number,
) {
  const [items, total] = await Promise.all([
    findingPageQuery(db, viewer, runId, f, page, pageSize).execute(),
    filteredFindings(db, viewer, runId, f)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One page of findings (offset paging: the list page), with each customer's number and name. */
export const findingPageQuery = (
  db: Kysely<Database>,
  viewer: Principal,
  runId: number,
  f: FindingFilter,
  page: number,
  pageSize: number,
) =>
  filteredFindings(db, viewer, runId, f)
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select(findingColumns)
    .orderBy('f.customer_id')
    .orderBy('f.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize);

export type FindingListRow = Awaited<ReturnType<typeof findFindingPage>>['items'][number];

/** Keyset page by findings.id, for the CSV export. */
export const findFindingsAfter = (
  db: Kysely<Database>,
  viewer: Principal,
  runId: number,
  afterId: number,
  limit: number,
) =>
  filteredFindings(db, viewer, runId, {})
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select(findingColumns)
    .where('f.id', '>', afterId)
    .orderBy('f.id')
    .limit(limit)
    .execute();
