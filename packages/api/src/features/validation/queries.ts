import { sql, type Kysely, type Selectable } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, FindingsTable, RunStatus } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion, isProvince, overlapsRegion, type Region } from '../auth/region.ts';
import type { CrossRecordCounts } from './cross-record.queries.ts';
import type { FindingTally, StationTally } from './page-text.ts';

/** A run looks at a Region: the whole province, one city, or one county. */
export const scopeKeyOf = (s: Region) => s.countyCode ?? s.cityCode ?? 'province';

// ---------- customers, as the run reads them ----------

export const customerColumns = [
  'c.id',
  'c.customer_no',
  'c.name',
  'c.customer_type',
  'c.cert_type',
  'c.cert_no',
  'c.mobile',
  'c.landline',
  'c.address',
  'c.station_code',
  'c.county_code',
  'c.city_code',
] as const;

/** One keyset page of active customers in scope, by id: works the same on PGlite and pg. */
export const findCustomerPage = (db: Kysely<Database>, scope: Region, afterId: number, limit: number) =>
  inRegion(db.selectFrom('customers as c'), scope, 'c')
    .select(customerColumns)
    .where('c.status', '=', 'active')
    .where('c.id', '>', afterId)
    .orderBy('c.id')
    .limit(limit)
    .execute();

/**
 * The active customers in scope with `afterId < id <= upToId`, by id, in `customerColumns` order:
 * one segment of a run's read on PostgreSQL, as COPY text (Db.copyOut), cut into pages by the
 * runner. Segments keep each statement short whatever the province's size (statement timeout).
 */
export const customersInRangeQuery = (db: Kysely<Database>, scope: Region, afterId: number, upToId: number) =>
  inRegion(db.selectFrom('customers as c'), scope, 'c')
    .select(customerColumns)
    .where('c.status', '=', 'active')
    .where('c.id', '>', afterId)
    .where('c.id', '<=', upToId)
    .orderBy('c.id');

/** The highest customer id (any status or region): where a run's segmented read ends. */
export const findMaxCustomerId = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('customers')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirst()
    )?.id ?? 0,
  );

export type CustomerPageRow = Awaited<ReturnType<typeof findCustomerPage>>[number];

export const findCustomersByIds = (db: Kysely<Database>, ids: readonly number[]) =>
  db
    .selectFrom('customers as c')
    .select(customerColumns)
    .where('c.id', 'in', ids)
    .where('c.status', '=', 'active')
    .execute();

/**
 * The active customers a run over the scope reads. For the province, the sum of
 * station_customer_counts.active, which the customers table's statement triggers keep in the
 * writers' own transactions: exact, and a read of a few thousand stations instead of a count over
 * the province's customers (2.7 s of a 10M-customer run's start). A narrower scope is counted on
 * the customers themselves: the run reads them by their own city and county codes.
 */
export const countCustomersInScope = async (db: Kysely<Database>, scope: Region) =>
  Number(
    isProvince(scope)
      ? (
          await db
            .selectFrom('station_customer_counts')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('active'), eb.lit(0)).as('n'))
            .executeTakeFirstOrThrow()
        ).n
      : (
          await inRegion(db.selectFrom('customers as c'), scope, 'c')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('c.status', '=', 'active')
            .executeTakeFirstOrThrow()
        ).n,
  );

/** County org code → GB/T 2260 division code, for the records' region. */
export const findCountyDivisions = (db: Kysely<Database>) =>
  db.selectFrom('org_units').select(['code', 'division_code']).where('level', '=', 'county').execute();

// ---------- runs ----------

export const insertRun = (
  trx: Kysely<Database>,
  row: { version: number; scope: Region; rowsTotal: number; createdBy: number | null; now: Date },
) =>
  trx
    .insertInto('validation_runs')
    .values({
      rule_set_version: row.version,
      city_code: row.scope.cityCode ?? null,
      county_code: row.scope.countyCode ?? null,
      scope_key: scopeKeyOf(row.scope),
      rows_total: row.rowsTotal,
      created_by: row.createdBy,
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

const runColumns = [
  'r.id',
  'r.rule_set_version',
  'r.city_code',
  'r.county_code',
  'r.status',
  'r.rows_total',
  'r.rows_done',
  'r.last_customer_id',
  'r.created_at',
  'r.started_at',
  'r.finished_at',
  'r.error',
  'r.findings_dropped_at',
  'u.display_name as created_by_name',
] as const;

const runsQuery = (db: Kysely<Database>) =>
  db.selectFrom('validation_runs as r').leftJoin('users as u', 'u.id', 'r.created_by').select(runColumns);

export const findRun = (db: Kysely<Database>, id: number) =>
  runsQuery(db).where('r.id', '=', id).executeTakeFirst();

/**
 * Runs whose region overlaps the caller's: their own city's runs and the province-wide ones (a
 * city team sees its part of a province run; findings and counts are cut by inRegion row by row).
 */
const overlappingRuns = (db: Kysely<Database>, viewer: Principal) =>
  overlapsRegion(runsQuery(db), viewer.region, 'r');

export const findRunInScope = (db: Kysely<Database>, viewer: Principal, id: number) =>
  overlappingRuns(db, viewer).where('r.id', '=', id).executeTakeFirst();

export const findRunsInScope = (db: Kysely<Database>, viewer: Principal, limit: number) =>
  overlappingRuns(db, viewer).orderBy('r.id', 'desc').limit(limit).execute();

export type RunRow = NonNullable<Awaited<ReturnType<typeof findRun>>>;

/** Runs to pick up: queued ones, and running ones whose process died (resumed from their last page). */
export const findRunsToExecute = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .orderBy('id')
    .execute();

/**
 * Marks a run running (from queued, failed or an interrupted running state). A failed run whose
 * findings the retention dropped is not resumed: its partition is gone.
 */
export const markRunRunning = (db: Kysely<Database>, id: number, now: Date) =>
  db
    .updateTable('validation_runs')
    .set((eb) => ({
      status: 'running',
      error: null,
      started_at: eb.fn.coalesce('started_at', eb.val(now)),
      // the changes this run will see, whatever pages it reads later (kept across a resume)
      dirty_snapshot: sql<string>`coalesce(dirty_snapshot, pg_current_snapshot()::text)`,
    }))
    .where('id', '=', id)
    .where('status', '<>', 'completed')
    .where('findings_dropped_at', 'is', null)
    .returning([
      'id',
      'rule_set_version',
      'city_code',
      'county_code',
      'last_customer_id',
      'rows_done',
      'status',
    ])
    .executeTakeFirst();

/** Locks the run row for one page and returns where it stands: the guard against two runners. */
export const lockRun = (trx: Trx, id: number) =>
  trx
    .selectFrom('validation_runs')
    .select(['status', 'last_customer_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirstOrThrow();

export const advanceRun = (trx: Trx, id: number, lastCustomerId: number, rows: number) =>
  trx
    .updateTable('validation_runs')
    .set((eb) => ({ last_customer_id: lastCustomerId, rows_done: eb('rows_done', '+', rows) }))
    .where('id', '=', id)
    .execute();

export const finishRun = (
  trx: Kysely<Database>,
  id: number,
  status: Extract<RunStatus, 'completed' | 'failed'>,
  error: string | null,
  now: Date,
) =>
  trx.updateTable('validation_runs').set({ status, error, finished_at: now }).where('id', '=', id).execute();

/** Per station, add one page's checked customers. */
export async function addUnitCounts(trx: Trx, runId: number, rows: readonly StationTally[]) {
  if (rows.length === 0) return;
  await trx
    .insertInto('unit_counts')
    .values(
      rows.map((r) => ({
        run_id: runId,
        city_code: r.city,
        county_code: r.county,
        station_code: r.station,
        customers_checked: r.checked,
        customers_with_error: r.errors,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['run_id', 'station_code']).doUpdateSet((eb) => ({
        customers_checked: eb('unit_counts.customers_checked', '+', eb.ref('excluded.customers_checked')),
        customers_with_error: eb(
          'unit_counts.customers_with_error',
          '+',
          eb.ref('excluded.customers_with_error'),
        ),
      })),
    )
    .execute();
}

/**
 * Adds a page's (or the cross-record pass's) findings to the run's finding_counts: one statement of
 * nine array parameters, whatever the number of rows (a page has a few dozen; a values list of
 * nine parameters a row cost more to build here and to parse there, once a page).
 */
export async function addFindingCounts(trx: Trx, runId: number, rows: readonly FindingTally[]) {
  if (rows.length === 0) return;
  const col = <K extends keyof FindingTally>(k: K) => rows.map((r) => r[k]);
  await sql`insert into finding_counts as c
      (run_id, city_code, county_code, station_code, field, rule_id, severity, customers, findings)
    select ${runId}, * from unnest(${col('city')}::text[], ${col('county')}::text[], ${col('station')}::text[],
      ${col('field')}::text[], ${col('rule')}::text[], ${col('severity')}::text[], ${col('customers')}::int[],
      ${col('findings')}::int[])
    on conflict (run_id, station_code, field, rule_id, severity) do update
      set customers = c.customers + excluded.customers, findings = c.findings + excluded.findings`.execute(trx);
}

/**
 * Completes a run's summary, counted page by page, with its cross-record findings: their
 * finding_counts rows, and as customers with an error those of their error customers who have no
 * per-record error (the pages counted those), looked up by the run's customer index.
 */
export async function addCrossRecordCounts(trx: Trx, runId: number, cross: CrossRecordCounts) {
  await addFindingCounts(trx, runId, cross.counts);
  if (cross.errors.length === 0) return;
  await sql`update unit_counts u set customers_with_error = u.customers_with_error + e.n
    from (
      select x.station, count(*)::int as n
      from unnest(${cross.errors.map((e) => e.id)}::bigint[], ${cross.errors.map((e) => e.station)}::text[]) x(id, station)
      where not exists (
        select 1 from findings f
        where f.run_id = ${runId} and f.customer_id = x.id and f.severity = 'error'
          and f.rule_id not in ('X-01', 'X-02', 'X-03'))
      group by x.station) e
    where u.run_id = ${runId} and u.station_code = e.station`.execute(trx);
}

export const FINDING_COLUMNS = [
  'run_id',
  'customer_id',
  'city_code',
  'county_code',
  'station_code',
  'rule_id',
  'rule_version',
  'field',
  'code',
  'severity',
  'message_zh',
  'message_en',
  'suggested',
] as const;

/**
 * Recomputes the run's summary (finding_counts, customers_with_error) from its findings, for the
 * whole run or for some stations (after re-validation).
 */
export async function rebuildCounts(trx: Trx, runId: number, stations?: readonly string[]) {
  const only = stations ? sql`and station_code in (${sql.join(stations)})` : sql``;
  await sql`delete from finding_counts where run_id = ${runId} ${only}`.execute(trx);
  await sql`insert into finding_counts (run_id, city_code, county_code, station_code, field, rule_id, severity, customers, findings)
    select run_id, min(city_code), min(county_code), station_code, field, rule_id, severity, count(distinct customer_id), count(*)
    from findings where run_id = ${runId} ${only}
    group by run_id, station_code, field, rule_id, severity`.execute(trx);
  const onlyU = stations ? sql`and station_code in (${sql.join(stations)})` : sql``;
  await sql`update unit_counts set customers_with_error = 0 where run_id = ${runId} ${onlyU}`.execute(trx);
  // Materialised: the run's findings were written moments ago, so the planner's statistics see
  // none, and it re-ran the aggregate once per station (3 s over a province) in a nested loop.
  await sql`with e as materialized (
      select station_code, count(distinct customer_id)::int as n from findings
      where run_id = ${runId} and severity = 'error' ${only} group by station_code)
    update unit_counts u set customers_with_error = e.n
    from e
    where u.run_id = ${runId} and u.station_code = e.station_code`.execute(trx);
}

/**
 * Clears the changed-customer marks a province run has covered: those written by transactions
 * committed before it started (visible in its first snapshot). A later change re-stamps the mark
 * with its own transaction, so it stays for the next incremental run. Usually every mark is
 * covered (the first run after a load: one per customer), and then the tables are emptied at once
 * (qy_clear_covered_marks, migration 2026_12_07_0200): the row-by-row delete took 4.9 s over 10M
 * marks, at the end of the run with nothing beside it, and left as many dead rows to vacuum.
 */
export async function clearDirtySeenBy(trx: Trx, runId: number) {
  const snap = sql`(select dirty_snapshot::pg_snapshot from validation_runs where id = ${runId})`;
  const { rows } = await sql<{ cleared: boolean }>`select qy_clear_covered_marks(${snap}) as cleared`.execute(
    trx,
  );
  if (rows[0]!.cleared) return;
  await sql`delete from validation_dirty where pg_visible_in_snapshot(xid, ${snap})`.execute(trx);
  await sql`delete from validation_dirty_keys where pg_visible_in_snapshot(xid, ${snap})`.execute(trx);
}

// ---------- re-validation ----------

/** The latest completed run of each scope: a customer's findings live in the newest one covering it. */
export const findLatestCompletedRuns = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'city_code', 'county_code', 'rule_set_version'])
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

export const deleteRecordFindings = (trx: Trx, runId: number, customerIds: readonly number[]) =>
  trx
    .deleteFrom('findings')
    .where('run_id', '=', runId)
    .where('customer_id', 'in', customerIds)
    .where('rule_id', 'not like', 'X-%')
    .execute();

/** A finding as written: the findings table's columns, less the generated id. */
export type FindingRow = Omit<Selectable<FindingsTable>, 'id'>;

export async function insertFindings(trx: Trx, rows: readonly FindingRow[]) {
  for (let i = 0; i < rows.length; i += 1_000)
    await trx
      .insertInto('findings')
      .values(rows.slice(i, i + 1_000))
      .execute();
}
