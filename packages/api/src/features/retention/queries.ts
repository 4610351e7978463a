// SQL of the retention job: which closed customers are past retention, and the purge of their
// personal data outside the customers table (the customers themselves are anonymised by the one
// write path, customers/changes.ts). Counters and snapshots are never touched: aggregates stay.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, RetentionUnitCount, VoltageClass } from '../../db/schema.ts';
import { PERSONAL_FIELDS } from '../customers/columns.ts';

/** Customers closed on or before these dates (YYYY-MM-DD, Beijing) are past retention. */
export interface Cutoffs {
  high: string;
  low: string;
}

/**
 * Closed, not yet anonymised, with a closing date on or before its class's cut-off; a customer
 * whose class is not known is kept for the longer period (the earlier cut-off). ISO dates compare
 * as text, so the partial index customers_retention serves the range.
 */
function pastRetention(c: Cutoffs) {
  const longest = c.high < c.low ? c.high : c.low;
  const latest = c.high < c.low ? c.low : c.high;
  return sql<boolean>`c.status = 'closed' and c.anonymised_at is null and c.closed_on <> ''
    and c.closed_on <= ${latest}
    and c.closed_on <= (case c.voltage_class when 'high' then ${c.high} when 'low' then ${c.low}
                        else ${longest} end)`;
}

export interface DryRunRow {
  city_code: string;
  city_name: string;
  county_code: string;
  county_name: string;
  station_code: string;
  station_name: string;
  high: number;
  low: number;
  unknown: number;
}

/** Past retention, per station with its county and city. */
export async function countPastRetention(db: Kysely<Database>, c: Cutoffs): Promise<DryRunRow[]> {
  const { rows } = await sql<DryRunRow>`
    select c.city_code, city.name as city_name, c.county_code, county.name as county_name,
           c.station_code, st.name as station_name,
           count(*) filter (where c.voltage_class = 'high')::int as high,
           count(*) filter (where c.voltage_class = 'low')::int as low,
           count(*) filter (where c.voltage_class = '')::int as unknown
    from customers c
    join org_units st on st.code = c.station_code
    join org_units county on county.code = c.county_code
    join org_units city on city.code = c.city_code
    where ${pastRetention(c)}
    group by 1, 2, 3, 4, 5, 6
    order by 1, 3, 5`.execute(db);
  return rows;
}

export async function countClosedWithoutDate(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from customers c
    where c.status = 'closed' and c.anonymised_at is null and c.closed_on = ''`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface Candidate {
  id: number;
  customer_no: string;
  station_code: string;
  county_code: string;
  city_code: string;
  voltage_class: VoltageClass;
}

/** The next customers past retention, locked; a second runner skips them. */
export async function claimCandidates(trx: Trx, c: Cutoffs, limit: number): Promise<Candidate[]> {
  const { rows } = await sql<Candidate>`
    select c.id, c.customer_no, c.station_code, c.county_code, c.city_code, c.voltage_class
    from customers c where ${pastRetention(c)}
    order by c.id limit ${limit}
    for update skip locked`.execute(trx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/**
 * Purges the customers' personal data everywhere but the customers table and its trail: findings
 * go; SMS numbers and bodies, replies, call notes and verdict values, flags' values, worksheet
 * upload rows' cells, rejected load lines quoting their customer numbers, and divergence and
 * conflict values are blanked. Rows that counts are made of stay, so every figure stays.
 */
export async function purgePersonalData(
  trx: Trx,
  candidates: readonly Candidate[],
  now: Date,
): Promise<void> {
  if (candidates.length === 0) return;
  const ids = sql`${candidates.map((c) => c.id)}::bigint[]`;
  const nos = candidates.map((c) => c.customer_no);
  const personal = sql`${[...PERSONAL_FIELDS]}::text[]`;
  const statements = [
    // by run, so the (run_id, customer_id) index finds them
    sql`delete from findings f using validation_runs r
        where f.run_id = r.id and f.customer_id = any(${ids})`,
    sql`update sms_outbox o set to_number = '', body = '' from sms_messages m
        where m.customer_id = any(${ids}) and o.idempotency_key = m.idempotency_key`,
    sql`update sms_inbound i set from_number = '', body = '', review_note = null
        where i.customer_id = any(${ids})
           or i.message_id in (select id from sms_messages where customer_id = any(${ids}))`,
    sql`update sms_messages set to_number = '', body = '' where customer_id = any(${ids})`,
    sql`update sample_members set mobile = '' where customer_id = any(${ids})`,
    sql`update call_field_results r set old_value = null, new_value = null from call_tasks t
        where t.customer_id = any(${ids}) and r.call_id = t.id`,
    sql`update call_tasks set note = null where customer_id = any(${ids})`,
    sql`update customer_flags set value = '', reason = '' where customer_id = any(${ids})`,
    sql`delete from field_divergences where customer_id = any(${ids})`,
    // nothing of theirs goes to the marketing system any more
    sql`update outbound_changes set base_value = '', new_value = '',
          state = case when state = 'pending' then 'superseded' else state end
        where customer_id = any(${ids}) and field = any(${personal})`,
    // an open conflict about values that no longer exist has nothing left to decide
    sql`update source_conflicts set base = '', ours = '', theirs = null, resolved_value = null,
          status = 'resolved', resolved_at = coalesce(resolved_at, ${now}::timestamptz)
        where customer_id = any(${ids}) and field = any(${personal})`,
    sql`update worksheet_upload_rows set raw = '[]', changes = '{}', current_values = null,
          errors = '[]', note = null
        where customer_id = any(${ids})`,
    sql`update load_errors set raw = ''
        where raw <> '' and exists (select 1 from unnest(${nos}::text[]) as n(no) where strpos(raw, n.no) > 0)`,
  ];
  for (const s of statements) await s.execute(trx);
}

/** Per station and class: what a batch anonymised, merged into the run's tally. */
export function tally(into: Map<string, RetentionUnitCount>, candidates: readonly Candidate[]) {
  for (const c of candidates) {
    const unit = into.get(c.station_code) ?? {
      stationCode: c.station_code,
      countyCode: c.county_code,
      cityCode: c.city_code,
      high: 0,
      low: 0,
      unknown: 0,
    };
    unit[c.voltage_class === '' ? 'unknown' : c.voltage_class]++;
    into.set(c.station_code, unit);
  }
}
