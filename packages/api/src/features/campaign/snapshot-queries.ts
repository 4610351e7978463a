// SQL behind snapshots and evaluation. Every read here is over pre-aggregated tables
// (station_customer_counts, verification_counters, unit_counts, entry_gate_counts), never customers.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type {
  Database,
  EvaluationSnapshotsTable,
  PeriodKind,
  ProgressSnapshotsTable,
  SnapshotTiming,
} from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import { cityOf, inRegion, PROVINCE, type Region } from '../auth/region.ts';

/** sms_messages.provider values whose outcomes are simulated: the local outbox and the demo data. */
export const SIMULATED_PROVIDERS = ['outbox', 'demo'] as const;

export interface StationProgressRow {
  station_code: string;
  city_code: string;
  county_code: string;
  in_scope: number;
  verified: number;
  in_field: number;
  unreachable: number;
  /** corrected customers whose corrections are not written back yet (computeProgress adds it) */
  awaiting_writeback?: number;
}

/** Per station: customers in scope and verified ones; the pilot counts only pilot stations. */
export function findStationProgress(
  db: Kysely<Database>,
  campaignId: number,
  opts: { pilotOnly: boolean; region?: Region },
) {
  return stationProgressQuery(db, campaignId, opts).execute() as Promise<StationProgressRow[]>;
}

/** The query behind findStationProgress, compiled in a snapshot test so changes show in review. */
export function stationProgressQuery(
  db: Kysely<Database>,
  campaignId: number,
  opts: { pilotOnly: boolean; region?: Region },
) {
  let q = db
    .selectFrom('station_customer_counts as s')
    .leftJoin('verification_counters as v', (j) =>
      j.onRef('v.station_code', '=', 's.station_code').on('v.campaign_id', '=', campaignId),
    )
    .select([
      's.station_code',
      's.city_code',
      's.county_code',
      sql<number>`s.customers::int`.as('in_scope'),
      sql<number>`coalesce(v.confirmed + v.corrected + v.closed + v.not_found, 0)::int`.as('verified'),
      sql<number>`coalesce(v.in_field, 0)::int`.as('in_field'),
      sql<number>`coalesce(v.unreachable, 0)::int`.as('unreachable'),
    ])
    .where('s.customers', '>', 0);
  if (opts.pilotOnly)
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('pilot_stations as p')
          .select('p.station_code')
          .where('p.campaign_id', '=', campaignId)
          .whereRef('p.station_code', '=', 's.station_code'),
      ),
    );
  return inRegion(q, opts.region ?? PROVINCE, 's');
}

export async function hasSnapshot(db: Kysely<Database>, campaignId: number, kind: PeriodKind, key: string) {
  const row = await db
    .selectFrom('progress_snapshots')
    .select('unit_code')
    .where('campaign_id', '=', campaignId)
    .where('period_kind', '=', kind)
    .where('period_key', '=', key)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** How the period's stored snapshot was taken, or undefined when there is none yet. */
export async function findSnapshotTiming(
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  key: string,
): Promise<SnapshotTiming | undefined> {
  const row = await db
    .selectFrom('progress_snapshots')
    .select('timing')
    .where('campaign_id', '=', campaignId)
    .where('period_kind', '=', kind)
    .where('period_key', '=', key)
    .limit(1)
    .executeTakeFirst();
  return row?.timing;
}

export async function findPreviousPeriodKey(
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  before: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('progress_snapshots')
    .select('period_key')
    .where('campaign_id', '=', campaignId)
    .where('period_kind', '=', kind)
    .where('level', '=', 'province')
    .where('period_key', '<', before)
    .orderBy('period_key', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.period_key;
}

export const findSnapshotRows = (db: Kysely<Database>, campaignId: number, kind: PeriodKind, key: string) =>
  db
    .selectFrom('progress_snapshots')
    .select(['level', 'unit_code', 'completion_pct', 'rank'])
    .where('campaign_id', '=', campaignId)
    .where('period_kind', '=', kind)
    .where('period_key', '=', key)
    .execute();

export async function insertSnapshotRows(trx: Trx, rows: Insertable<ProgressSnapshotsTable>[]) {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const r = await trx
      .insertInto('progress_snapshots')
      .values(rows.slice(i, i + 1000))
      .onConflict((oc) => oc.doNothing())
      .returning('unit_code')
      .execute();
    inserted += r.length;
  }
  return inserted;
}

export const insertEvaluationRows = (trx: Trx, rows: Insertable<EvaluationSnapshotsTable>[]) =>
  rows.length === 0
    ? Promise.resolve()
    : trx
        .insertInto('evaluation_snapshots')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute();

/**
 * Rules-engine pass rate per city: the latest completed run covering the whole city (or province).
 * Province-wide (evaluation): its `city_code = c.code` are joins on each city, not region cuts.
 */
export async function findRulePassCounts(db: Kysely<Database>) {
  const result = await sql<{ city_code: string; checked: number; with_error: number }>`
    select c.code as city_code, coalesce(sum(u.customers_checked), 0)::int as checked,
           coalesce(sum(u.customers_with_error), 0)::int as with_error
    from org_units c
    cross join lateral (
      select r.id from validation_runs r
      where r.status = 'completed' and r.county_code is null and (r.city_code is null or r.city_code = c.code)
      order by r.finished_at desc nulls last, r.id desc limit 1
    ) latest
    join unit_counts u on u.run_id = latest.id and u.city_code = c.code
    where c.level = 'city'
    group by c.code`.execute(db);
  return result.rows;
}

/** What the evaluation counts: the campaign's window; simulated (outbox) messages only in the demo. */
export interface SampleWindow {
  from?: Date;
  to?: Date;
  includeSimulated?: boolean;
}

/**
 * SMS sample delivery per city: delivered ÷ finished (delivered, undelivered, failed). Cut by city
 * only: sms_messages.county_code came later and is empty on older (and demo) messages. With a
 * window, messages created inside it; without `includeSimulated`, the outbox's made-up outcomes
 * are left out (the dashboard passes it and labels them).
 */
export const findSmsDeliveryQuery = (
  db: Kysely<Database>,
  region: Region = PROVINCE,
  window: SampleWindow = { includeSimulated: true },
) => {
  let q = db
    .selectFrom('sms_messages')
    .select([
      'city_code',
      sql<number>`count(*) filter (where status = 'delivered')::int`.as('delivered'),
      sql<number>`count(*) filter (where status in ('delivered', 'undelivered', 'failed'))::int`.as(
        'finished',
      ),
      // finished messages whose outcome the outbox or the demo made up: shown as 模拟
      sql<number>`count(*) filter (where status in ('delivered', 'undelivered', 'failed') and provider in ('outbox', 'demo'))::int`.as(
        'simulated',
      ),
    ])
    .where('purpose', '=', 'sampling')
    .groupBy('city_code');
  if (window.from) q = q.where('created_at', '>=', window.from);
  if (window.to) q = q.where('created_at', '<=', window.to);
  if (!window.includeSimulated)
    q = q.where((eb) => eb.or([eb('provider', 'is', null), eb('provider', 'not in', SIMULATED_PROVIDERS)]));
  return inRegion(q, cityOf(region));
};
export const findSmsDelivery = (db: Kysely<Database>, region: Region = PROVINCE, window?: SampleWindow) =>
  findSmsDeliveryQuery(db, region, window).execute();

/** Entry-gate records and failures per city since a day. */
export const findGateTotals = (db: Kysely<Database>, sinceDay: string) =>
  db
    .selectFrom('entry_gate_counts as g')
    .innerJoin('org_units as s', 's.code', 'g.station_code')
    .select([
      's.city_code',
      sql<number>`sum(g.records)::int`.as('records'),
      sql<number>`sum(g.records_with_error)::int`.as('with_error'),
    ])
    .where('g.day', '>=', sinceDay)
    // the fifth dimension (新装增容及变更用电客户信息规范性) counts 新装 / 增容 / 变更 calls only
    .where('g.business_type', '<>', '')
    .groupBy('s.city_code')
    .execute();

/** Weekly summaries per city, with how many came in on time. */
export const findOnTimeWeekly = (db: Kysely<Database>, campaignId: number, weeks: readonly string[]) =>
  weeks.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('work_reports')
        .select([
          'city_code',
          sql<number>`count(*) filter (where first_submitted_at <= due_at)::int`.as('on_time'),
          sql<number>`count(*)::int`.as('submitted'),
        ])
        .where('campaign_id', '=', campaignId)
        .where('kind', '=', 'week')
        .where('period_key', 'in', weeks)
        .groupBy('city_code')
        .execute();

/** The sample (SMS reply / call) results per city: how many verified customers were right as they were. */
export const findSampleResults = (db: Kysely<Database>, campaignId: number) =>
  db
    .selectFrom('customer_verification')
    .select([
      'city_code',
      sql<number>`count(*) filter (where state = 'confirmed')::int`.as('confirmed'),
      sql<number>`count(*)::int`.as('verified'),
    ])
    .where('campaign_id', '=', campaignId)
    .where('source', 'in', ['sms_reply', 'call'])
    .where('state', 'in', ['confirmed', 'corrected', 'closed', 'not_found'])
    .groupBy('city_code')
    .execute();

/**
 * Call error rate per city: of the called customers whose base information got at least one
 * verdict (correct or wrong), those with any field wrong — the "any field" row of the call report,
 * over every call plan. A few thousand calls per plan: cheap without a kept counter.
 */
export const callErrorRatesQuery = (
  db: Kysely<Database>,
  region: Region = PROVINCE,
  window: SampleWindow = {},
) => {
  let q = db
    .selectFrom('call_tasks as t')
    .innerJoin('call_field_results as f', 'f.call_id', 't.id')
    .where('t.status', '=', 'done')
    .where('f.verdict', 'in', ['correct', 'wrong'])
    .groupBy('t.city_code')
    .select([
      't.city_code',
      sql<number>`count(distinct t.id)::int`.as('calls'),
      sql<number>`count(distinct t.id) filter (where f.verdict = 'wrong')::int`.as('errors'),
    ]);
  if (window.from) q = q.where('t.finished_at', '>=', window.from);
  if (window.to) q = q.where('t.finished_at', '<=', window.to);
  return inRegion(q, region, 't');
};

export async function findCallErrorRates(
  db: Kysely<Database>,
  region: Region = PROVINCE,
  window?: SampleWindow,
): Promise<Map<string, { errors: number; calls: number }>> {
  const rows = await callErrorRatesQuery(db, region, window).execute();
  return new Map(rows.map((r) => [r.city_code, { errors: Number(r.errors), calls: Number(r.calls) }]));
}
