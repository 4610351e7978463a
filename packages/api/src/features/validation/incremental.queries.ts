// SQL of the incremental run: the changed-customer marks (kept by the customers triggers of
// migration 2026_12_06_2220), the members of the touched cross-record groups, the findings'
// aggregates before and after, and the increments' own rows.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { keyColumns } from './cross-record.queries.ts';
import { customerColumns } from './queries.ts';
import type * as q from './queries.ts';

export interface DirtyMark {
  city_code: string;
  customer_id: number;
  xid: string;
}
export interface DirtyKey {
  city_code: string;
  kind: 'mobile' | 'cert' | 'dup' | 'station';
  k1: string;
  k2: string;
  xid: string;
}

export const findDirtyMarks = async (trx: Trx): Promise<DirtyMark[]> =>
  (
    await sql<DirtyMark>`select city_code, customer_id, xid::text as xid from validation_dirty order by customer_id`.execute(
      trx,
    )
  ).rows.map((r) => ({ ...r, customer_id: Number(r.customer_id) }));

export const findDirtyKeys = async (trx: Trx): Promise<DirtyKey[]> =>
  (
    await sql<DirtyKey>`select city_code, kind, k1, k2, xid::text as xid from validation_dirty_keys`.execute(
      trx,
    )
  ).rows;

/** Deletes exactly the marks read: one re-stamped by a later change (another xid) stays. */
export async function deleteMarks(trx: Trx, marks: readonly DirtyMark[], keys: readonly DirtyKey[]) {
  await sql`delete from validation_dirty d
    using unnest(${marks.map((m) => m.city_code)}::text[], ${marks.map((m) => m.customer_id)}::bigint[],
                 ${marks.map((m) => m.xid)}::xid8[]) x(city_code, id, xid)
    where d.city_code = x.city_code and d.customer_id = x.id and d.xid = x.xid`.execute(trx);
  await sql`delete from validation_dirty_keys d
    using unnest(${keys.map((k) => k.city_code)}::text[], ${keys.map((k) => k.kind)}::text[], ${keys.map((k) => k.k1)}::text[],
                 ${keys.map((k) => k.k2)}::text[], ${keys.map((k) => k.xid)}::xid8[]) x(city_code, kind, k1, k2, xid)
    where d.city_code = x.city_code and d.kind = x.kind and d.k1 = x.k1 and d.k2 = x.k2 and d.xid = x.xid`.execute(
    trx,
  );
}

/** The changed customers that are active, with what the checks read and their comparison keys. */
export async function findChangedCustomers(trx: Trx, ids: readonly number[]): Promise<ChangedCustomer[]> {
  const { rows } = await sql<ChangedCustomer>`select ${sql.raw(customerColumns.join(', '))}, ${keyColumns}
    from customers c where c.id = any(${[...ids]}::bigint[]) and c.status = 'active'`.execute(trx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

export type ChangedCustomer = q.CustomerPageRow & {
  mk: string | null;
  ck: string | null;
  nk: string;
  ak: string;
};

export interface CountRow {
  city_code: string;
  county_code: string;
  station_code: string;
  field: string;
  rule_id: string;
  severity: string;
  customers: number;
  findings: number;
}

/**
 * Over some customers' findings of a run, in one read of them: finding_counts' aggregate, and per
 * station how many of them have an error (unit_counts' customers_with_error).
 */
export async function findAggregatesOf(trx: Trx, runId: number, ids: readonly number[]) {
  const { rows } = await sql<CountRow & { kind: 'c' | 'e' }>`
    with f as materialized (
      select city_code, county_code, station_code, field, rule_id, severity, customer_id
      from findings where run_id = ${runId} and customer_id = any(${[...ids]}::bigint[]))
    select 'c' as kind, min(city_code) as city_code, min(county_code) as county_code, station_code, field, rule_id,
        severity, count(distinct customer_id)::int as customers, count(*)::int as findings
      from f group by station_code, field, rule_id, severity
    union all
    select 'e', '', '', station_code, '', '', '', count(distinct customer_id)::int, 0
      from f where severity = 'error' group by station_code`.execute(trx);
  return {
    counts: rows.filter((r) => r.kind === 'c').map(({ kind: _kind, ...r }) => r),
    errors: rows.filter((r) => r.kind === 'e').map((r) => ({ station_code: r.station_code, n: r.customers })),
  };
}

/** Deletes a run's findings of these customers: all, or of one rule. Returns how many. */
export async function deleteFindingsOf(trx: Trx, runId: number, ids: readonly number[], ruleId?: string) {
  if (ids.length === 0) return 0;
  const rule = ruleId ? sql`and rule_id = ${ruleId}` : sql``;
  const r =
    await sql`delete from findings where run_id = ${runId} and customer_id = any(${[...ids]}::bigint[]) ${rule}`.execute(
      trx,
    );
  return Number(r.numAffectedRows ?? 0);
}

/** Adds the differences to finding_counts; a group left with no finding goes. */
export async function addFindingCounts(trx: Trx, runId: number, delta: readonly CountRow[]) {
  if (delta.length === 0) return;
  const col = <K extends keyof CountRow>(k: K) => delta.map((d) => d[k]);
  await sql`insert into finding_counts as f (run_id, city_code, county_code, station_code, field, rule_id, severity, customers, findings)
    select ${runId}, * from unnest(${col('city_code')}::text[], ${col('county_code')}::text[], ${col('station_code')}::text[],
      ${col('field')}::text[], ${col('rule_id')}::text[], ${col('severity')}::text[], ${col('customers')}::int[], ${col('findings')}::int[])
    on conflict (run_id, station_code, field, rule_id, severity) do update
      set customers = f.customers + excluded.customers, findings = f.findings + excluded.findings`.execute(
    trx,
  );
  await sql`delete from finding_counts where run_id = ${runId} and findings <= 0`.execute(trx);
}

/** Stations' checked customers: the active customers they hold now (station_customer_counts.active). */
export async function setCheckedCounts(trx: Trx, runId: number, stations: readonly string[]) {
  if (stations.length === 0) return;
  await sql`insert into unit_counts as u (run_id, city_code, county_code, station_code, customers_checked)
    select ${runId}, o.city_code, o.county_code, o.code, coalesce(a.active, 0)
    from org_units o left join station_customer_counts a on a.station_code = o.code
    where o.code = any(${[...stations]}::text[]) and o.level = 'station'
    on conflict (run_id, station_code) do update set customers_checked = excluded.customers_checked`.execute(
    trx,
  );
}

export async function addErrorCounts(trx: Trx, runId: number, delta: ReadonlyMap<string, number>) {
  const entries = [...delta].filter(([, d]) => d !== 0);
  if (entries.length === 0) return;
  await sql`update unit_counts u set customers_with_error = u.customers_with_error + x.d
    from unnest(${entries.map((e) => e[0])}::text[], ${entries.map((e) => e[1])}::int[]) x(station, d)
    where u.run_id = ${runId} and u.station_code = x.station`.execute(trx);
}

// ---------- increments ----------

/** The run an incremental run updates: the latest completed province-wide run. */
export const findBaseRun = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'rule_set_version'])
    .where('status', '=', 'completed')
    .where('city_code', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();

/** A province run queued or running: an incremental run waits for it. */
export const findOpenProvinceRun = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select('id')
    .where('scope_key', '=', 'province')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();

export const insertIncrement = (db: Kysely<Database>, row: { trigger: 'schedule' | 'manual'; now: Date }) =>
  db
    .insertInto('validation_increments')
    .values({ trigger: row.trigger, status: 'queued', created_at: row.now })
    .returning('id')
    .executeTakeFirstOrThrow();

/** Increments to execute: queued ones, and running ones a killed process left (redone from scratch). */
export const findIncrementsToExecute = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_increments')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .orderBy('id')
    .execute();

export const markIncrement = (
  db: Kysely<Database>,
  id: number,
  set: {
    status: 'running' | 'completed' | 'failed' | 'skipped';
    base_run_id?: number | null;
    customers_changed?: number;
    customers_checked?: number;
    findings_removed?: number;
    findings_added?: number;
    started_at?: Date;
    finished_at?: Date;
    error?: string | null;
  },
) => db.updateTable('validation_increments').set(set).where('id', '=', id).execute();
