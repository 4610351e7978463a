// SQL of the reports: the stored snapshot of a period, managers, stored weekly SMS reports.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, PeriodKind, SnapshotTiming } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { cityOf, inRegion, type Region } from '../auth/region.ts';

export const findLatestPeriodKey = async (db: Kysely<Database>, campaignId: number, kind: PeriodKind) =>
  (
    await db
      .selectFrom('progress_snapshots')
      .select('period_key')
      .where('campaign_id', '=', campaignId)
      .where('period_kind', '=', kind)
      .where('level', '=', 'province')
      .orderBy('period_key', 'desc')
      .limit(1)
      .executeTakeFirst()
  )?.period_key;

/** A period's stored rows at the levels, with unit names, cut to the region: ranking and reports. */
export function snapshotUnitsQuery(
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  key: string,
  levels: readonly ('province' | 'city' | 'county' | 'station')[],
  region: Region,
) {
  return inRegion(
    db
      .selectFrom('progress_snapshots as p')
      .leftJoin('org_units as o', 'o.code', 'p.unit_code')
      .select([
        'p.level',
        'p.unit_code',
        sql<string>`coalesce(o.name, p.unit_code)`.as('name'),
        'p.city_code',
        'p.county_code',
        'p.phase',
        'p.in_scope',
        'p.verified',
        'p.completion_pct',
        'p.change_pct',
        'p.rank',
        'p.rank_change',
        'p.expected_pct',
        'p.target_pct',
        'p.status',
        'p.taken_at',
        'p.corrections',
        'p.written_back',
      ])
      .where('p.campaign_id', '=', campaignId)
      .where('p.period_kind', '=', kind)
      .where('p.period_key', '=', key)
      .where('p.level', 'in', levels),
    region,
    'p',
  )
    .orderBy('p.level')
    .orderBy('p.rank')
    .orderBy('p.unit_code');
}
export const findSnapshotUnits = (...args: Parameters<typeof snapshotUnitsQuery>) =>
  snapshotUnitsQuery(...args).execute();

export function evaluationsQuery(
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  key: string,
  region: Region,
) {
  // Evaluations exist per city only (no county column): a county viewer sees their city's.
  return inRegion(
    db
      .selectFrom('evaluation_snapshots as e')
      .innerJoin('org_units as o', 'o.code', 'e.city_code')
      .select([
        'e.city_code',
        'o.name',
        'e.progress',
        'e.normativity',
        'e.timeliness',
        'e.quality',
        'e.sample',
        'e.score',
        'e.rank',
        'e.details',
      ])
      .where('e.campaign_id', '=', campaignId)
      .where('e.period_kind', '=', kind)
      .where('e.period_key', '=', key),
    cityOf(region),
    'e',
  )
    .orderBy('e.rank')
    .orderBy('e.city_code');
}
export const findEvaluations = (...args: Parameters<typeof evaluationsQuery>) =>
  evaluationsQuery(...args).execute();

/** Names of org units by code (live previews, which have no stored snapshot to join). */
export async function findUnitNames(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return new Map<string, string>();
  const rows = await db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', codes).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export const findManagers = (db: Kysely<Database>) =>
  db
    .selectFrom('users')
    .select(['id', 'username', 'display_name', 'city_code', 'phone'])
    .where('role', '=', 'manager')
    .where('is_active', '=', true)
    .orderBy('id')
    .execute();

export const insertWeeklyReport = (
  trx: Trx,
  row: {
    campaignId: number;
    isoWeek: string;
    userId: number;
    cityCode: string | null;
    body: string;
    smsKey: string;
    timing: SnapshotTiming;
    now: Date;
  },
) =>
  trx
    .insertInto('weekly_reports')
    .values({
      campaign_id: row.campaignId,
      iso_week: row.isoWeek,
      user_id: row.userId,
      city_code: row.cityCode,
      body: row.body,
      sms_key: row.smsKey,
      timing: row.timing,
      created_at: row.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();

export function findWeeklyReports(
  db: Kysely<Database>,
  campaignId: number,
  isoWeek: string,
  viewer: Principal,
) {
  let q = db
    .selectFrom('weekly_reports as w')
    .innerJoin('users as u', 'u.id', 'w.user_id')
    .leftJoin('sms_messages as m', 'm.idempotency_key', 'w.sms_key')
    .select([
      'w.user_id',
      'u.display_name',
      'w.city_code',
      'w.body',
      'w.created_at',
      'w.timing',
      'm.status',
      'm.to_number',
      'm.error_message',
      'm.finished_at',
    ])
    .where('w.campaign_id', '=', campaignId)
    .where('w.iso_week', '=', isoWeek);
  if (viewer.role === 'manager') q = q.where('w.user_id', '=', viewer.id);
  // reports are per city (a province report has none): a county viewer sees their city's
  else q = inRegion(q, cityOf(viewer.region), 'w');
  return q.orderBy('w.user_id').execute();
}
