// Cross-record checks X-01…03 as SQL over a run's scope, after the per-record pass. The keys are
// the SQL mirrors of @qingyuan/rules' mobileKey / normalizeIdNumber / normalizeName / addressKey
// (functions qy_*_key, created by the rules-tables migration), so batch and library agree.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { inRegion, type Region } from '../auth/region.ts';

export interface CrossRecordParams {
  /** a mobile shared by at least this many distinct holders (cert_no, else customer_no). */
  minHolders: number;
  /** X-01 becomes an error from this many holders on (an electrician's or a service hall's number). */
  errorHolders: number;
  /** larger same-name-same-address blocks (dormitories) are skipped. */
  maxGroupSize: number;
}

export const DEFAULT_CROSS_RECORD: CrossRecordParams = { minHolders: 5, errorHolders: 50, maxGroupSize: 50 };

function keysQuery(db: Kysely<Database>, scope: Region, customerIds?: readonly number[]) {
  let qb = inRegion(db.selectFrom('customers as c'), scope, 'c')
    .select(['c.id', 'c.customer_no', 'c.city_code', 'c.county_code', 'c.station_code'])
    // Most values are already plain: one cheap regex match each (an upper-case alphanumeric cert_no
    // is its own key, USCCs included), the normalising functions
    // (several regex passes, not inlinable) only for the rest — about 5× faster over a province.
    .select([
      sql<string>`case when c.mobile ~ '^1[0-9]{10}$' then c.mobile when c.mobile = '' then null else qy_mobile_key(c.mobile) end`.as(
        'mk',
      ),
      sql<string>`case when c.cert_no ~ '^[0-9A-Z]+$' then c.cert_no when c.cert_no = '' then null else qy_cert_key(c.cert_no) end`.as(
        'ck',
      ),
      sql<string>`case when c.name ~ '^[\u4E00-\u9FFF]*$' then c.name else qy_name_key(c.name) end`.as('nk'),
      sql<string>`case when c.address ~ '^[0-9A-Za-z\u4E00-\u9FFF]*$' then c.address else qy_address_key(c.address) end`.as(
        'ak',
      ),
    ])
    .where('c.status', '=', 'active');
  if (customerIds) qb = qb.where('c.id', 'in', customerIds);
  return qb;
}

/**
 * The customers that can have a cross-record finding, found on 64-bit hashes of their keys: those
 * whose mobile key hash is shared by at least minHolders customers, whose cert key hash by two,
 * whose name + address key hash by two. Every member of a group that qualifies on the real keys is
 * among them (its members share the hash, and count no fewer), so the checks below, run on the real
 * keys of the candidates only, give exactly the findings of a run over everyone: a hash collision
 * only adds a candidate, never a finding. Counting a province's bigints instead of its wide text
 * keys, and materialising the keys of ~2% of the customers instead of all of them: the statement
 * took about half the CPU over 1M customers (9.9 s → 5.0 s of the server's, on a loaded machine).
 */
function candidatesCtes(keys: ReturnType<typeof keysQuery>, p: CrossRecordParams) {
  return sql`h as materialized (
      select id, hashtextextended(mk, 0) as mh, hashtextextended(ck, 0) as ch,
        case when nk <> '' and ak <> '' then hashtextextended(nk || '|' || ak, 0) end as dh
      from (${keys}) keys),
    hm as (select mh from h where mh is not null group by mh having count(*) >= ${p.minHolders}),
    hc as (select ch from h where ch is not null group by ch having count(*) >= 2),
    hd as (select dh from h where dh is not null group by dh having count(*) >= 2),
    candidates as (
      select id from h where mh in (select mh from hm) or ch in (select ch from hc) or dh in (select dh from hd))`;
}

/**
 * Replaces the run's X-01…03 findings, in its own transaction, so it can run beside the
 * per-record pages on a second connection: an advisory lock per run serialises two runners, and
 * the delete first makes a resumed run write them once. Returns how many.
 */
export async function replaceCrossRecordFindings(
  trx: Trx,
  run: { id: number; version: number; scope: Region },
  p: CrossRecordParams = DEFAULT_CROSS_RECORD,
): Promise<number> {
  await sql`select pg_advisory_xact_lock(hashtext('qy-cross-record'), ${run.id}::int)`.execute(trx);
  await sql`delete from findings where run_id = ${run.id} and rule_id in ('X-01', 'X-02', 'X-03')`.execute(
    trx,
  );
  return insertCrossRecordFindings(trx, run, p);
}

/** Inserts the run's X-01…03 findings; returns how many. */
export async function insertCrossRecordFindings(
  trx: Trx,
  run: { id: number; version: number; scope: Region },
  p: CrossRecordParams = DEFAULT_CROSS_RECORD,
): Promise<number> {
  // Only the candidates' keys are materialised and grouped by text (below): see candidateFilter.
  const k = keysQuery(trx, run.scope).where(sql<boolean>`c.id in (select id from candidates)`);
  // The planner's cost for a province is far above jit_above_cost, and JIT-compiling (with
  // inlining) this statement's ~120 expressions took longer than it saved: with it off the
  // statement used about half the CPU over 1M customers (transaction-local).
  await sql`set local jit = off`.execute(trx);
  // Counting a province's hashes by sorting took a third of the CPU of hash aggregates, which
  // spilled at the default work_mem and were slower still in memory (a 128 MB table: 1.4 s of CPU
  // against 0.35 s for the sort, over 1M customers). The aggregates over the candidates are small.
  await sql`set local enable_hashagg = off`.execute(trx);
  const result = await sql`
    with ${candidatesCtes(keysQuery(trx, run.scope), p)},
    k as materialized (${k}),
    m1 as (select mk from k where mk is not null group by mk having count(*) >= ${p.minHolders}),
    g1 as (
      select k.mk, count(distinct coalesce(k.ck, '#' || k.customer_no))::int as holders
      from k join m1 using (mk) group by k.mk
      having count(distinct coalesce(k.ck, '#' || k.customer_no)) >= ${p.minHolders}),
    x1 as (
      select k.id, k.city_code, k.county_code, k.station_code, 'X-01'::text as rule_id, 'mobile'::text as field,
        'cross.shared_mobile'::text as code,
        case when g1.holders >= ${p.errorHolders} then 'error' else 'warning' end as severity,
        '手机号被' || g1.holders || '个不同客户共用' as zh, 'mobile shared by ' || g1.holders || ' different holders' as en
      from k join g1 using (mk)),
    -- more than one name: min <> max, which a hash aggregate answers (count(distinct) sorted a million keys)
    m2 as (select ck from k where ck is not null group by ck having min(nk) <> max(nk)),
    -- Unlike the library's message, the other names are not listed: their holders may belong to
    -- another city, and a finding is read by the team of its own customer's city.
    g2 as (
      select k.ck, count(distinct k.nk)::int as n
      from k join m2 using (ck) group by k.ck),
    x2 as (
      select k.id, k.city_code, k.county_code, k.station_code, 'X-02', 'cert_no', 'cross.cert_name_conflict', 'error',
        '同一证件号码对应' || g2.n || '个不同户名', 'one certificate number under ' || g2.n || ' different names'
      from k join g2 using (ck)),
    m3 as (
      select nk, ak from k where nk <> '' and ak <> '' group by nk, ak having count(*) between 2 and ${p.maxGroupSize}),
    k3 as materialized (select k.* from k join m3 using (nk, ak)),
    -- Only the later customer of a pair is the duplicate (customer_no order: shorter first, then
    -- by character), reported against the earliest customer it duplicates, as the library does.
    p3 as (
      select b.id, b.city_code, b.county_code, b.station_code, a.customer_no as dup_of,
        row_number() over (partition by b.id order by length(a.customer_no), a.customer_no collate "C") as rn
      -- the same city only: the message names the other customer's number
      from k3 b join k3 a on a.nk = b.nk and a.ak = b.ak and a.customer_no <> b.customer_no and a.city_code = b.city_code
        and (length(a.customer_no), a.customer_no collate "C") < (length(b.customer_no), b.customer_no collate "C")
        and (a.ck is null or b.ck is null or a.ck = b.ck)),
    x3 as (
      select p3.id, p3.city_code, p3.county_code, p3.station_code, 'X-03', 'name', 'cross.likely_duplicate', 'warning',
        '疑似重复客户（与' || p3.dup_of || '同名同址）', 'likely duplicate of customer ' || p3.dup_of || ' (same name and address)'
      from p3 where rn = 1)
    insert into findings (run_id, customer_id, city_code, county_code, station_code, rule_id, rule_version, field, code, severity,
                          message_zh, message_en, suggested)
    select ${run.id}, x.id, x.city_code, x.county_code, x.station_code, x.rule_id, ${run.version}, x.field, x.code, x.severity,
           x.zh, x.en, null
    from (select * from x1 union all select * from x2 union all select * from x3) x`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
