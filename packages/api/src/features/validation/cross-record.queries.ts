// Cross-record checks X-01…03 as SQL over a run's scope, after the per-record pass. The keys are
// the SQL mirrors of @qingyuan/rules' mobileKey / normalizeIdNumber / normalizeName / addressKey
// (functions qy_*_key, created by the rules-tables migration), so batch and library agree.
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { Trx } from '../../db.ts';
import type { CustomersTable, Database } from '../../db/schema.ts';
import type { CrossRecordSettings } from '@qingyuan/rules';
import { inRegion, PROVINCE, type Region } from '../auth/region.ts';
import type { FindingTally } from './page-text.ts';

export interface CrossRecordParams {
  /** X-01: a mobile shared by at least this many distinct holders (cert_no, else customer_no). */
  minHolders: number;
  /** X-01 becomes an error from this many holders on (an electrician's or a service hall's number). */
  errorHolders: number;
  /** X-03: larger same-name-same-address blocks (dormitories) are skipped. */
  maxGroupSize: number;
  /** Which of X-01, X-02, X-03 run (all when omitted). */
  enabled?: { sharedMobile: boolean; certNameConflict: boolean; likelyDuplicate: boolean };
}

export const DEFAULT_CROSS_RECORD: CrossRecordParams = { minHolders: 5, errorHolders: 50, maxGroupSize: 50 };

/** The rule set's cross-record settings as the SQL's parameters. */
export const crossRecordParams = (s: CrossRecordSettings): CrossRecordParams => ({
  minHolders: s.sharedMobile.minHolders,
  errorHolders: s.sharedMobile.errorHolders,
  maxGroupSize: s.likelyDuplicate.maxGroupSize,
  enabled: {
    sharedMobile: s.sharedMobile.enabled,
    certNameConflict: s.certNameConflict.enabled,
    likelyDuplicate: s.likelyDuplicate.enabled,
  },
});

/**
 * The groups an incremental run redoes: the mobile, ID and name + address keys its changed
 * customers had or have. Every member of each group is read (through the key indexes), and only
 * these groups' findings are computed: a group is whole, so its findings are a full run's.
 */
export interface TouchedGroups {
  mobiles: readonly string[];
  certs: readonly string[];
  /** name key and address key pairs */
  dups: readonly (readonly [string, string])[];
}

/**
 * Customers' comparison keys (of `c`), as the cross-record SQL computes them. Most values are
 * already plain: one cheap regex match each (an upper-case alphanumeric cert_no is its own key,
 * USCCs included), the normalising functions (several regex passes, not inlinable) only for the
 * rest — about 5× faster over a province.
 */
const key = {
  mk: sql<
    string | null
  >`case when c.mobile ~ '^1[0-9]{10}$' then c.mobile when c.mobile = '' then null else qy_mobile_key(c.mobile) end`,
  ck: sql<
    string | null
  >`case when c.cert_no ~ '^[0-9A-Z]+$' then c.cert_no when c.cert_no = '' then null else qy_cert_key(c.cert_no) end`,
  nk: sql<string>`case when c.name ~ '^[\u4E00-\u9FFF]*$' then c.name else qy_name_key(c.name) end`,
  ak: sql<string>`case when c.address ~ '^[0-9A-Za-z\u4E00-\u9FFF]*$' then c.address else qy_address_key(c.address) end`,
};

/**
 * A customer `c` of the group of a key (`value`, an SQL text expression), found through the key
 * indexes: the indexes hold the keys' hashes (generated columns, migration 2026_12_07_0100), so the
 * look-up reads the index by the key's hash and compares the key itself on the rows it finds. The
 * hashes' expressions are the keys' (the wrappers qy_ix_* call the same functions as key).
 */
export const inGroupOf = {
  mobile: (value: RawBuilder<unknown>) =>
    sql<boolean>`c.status = 'active' and c.mobile_hash = hashtextextended(${value}, 0) and ${key.mk} = ${value}`,
  cert: (value: RawBuilder<unknown>) =>
    sql<boolean>`c.status = 'active' and c.cert_hash = hashtextextended(${value}, 0) and ${key.ck} = ${value}`,
  /** `name` and `address`: a name key and an address key, both non-empty */
  dup: (name: RawBuilder<unknown>, address: RawBuilder<unknown>) =>
    sql<boolean>`c.status = 'active' and c.dup_hash = hashtextextended(${name} || '|' || ${address}, 0)
      and ${key.nk} = ${name} and ${key.ak} = ${address}`,
};

/** The four keys as select-list columns mk, ck, nk, ak. */
export const keyColumns = sql.join([
  sql`${key.mk} as mk`,
  sql`${key.ck} as ck`,
  sql`${key.nk} as nk`,
  sql`${key.ak} as ak`,
]);

/** A customer's name key (X-02, X-03), as keyColumns computes it. */
export const nameKey = key.nk;

/** A customer's ID key (X-01's holder, X-02), as keyColumns computes it. */
export const certKey = key.ck;

/**
 * The active members of the touched groups, as a table to select from (alias it `c`): index scans
 * of customers by the key indexes (inGroupOf), concatenated, one row per customer. Not `id in (…)`
 * over customers: the planner took each key set for the whole table and read all of customers to
 * join them.
 */
export function groupMembers(g: TouchedGroups) {
  // a lateral look-up per key, so an index scan each: for `key = any(array)` the planner's estimate
  // was the whole table, and over 10M customers it scanned them all
  const by = (values: RawBuilder<unknown>, match: RawBuilder<boolean>) =>
    sql`select c.* from ${values} cross join lateral (select c.* from customers c where ${match}) c`;
  return sql<Selectable<CustomersTable>>`(select distinct on (m.id) m.* from (
    ${by(sql`unnest(${[...g.mobiles]}::text[]) k(v)`, inGroupOf.mobile(sql`k.v`))}
    union all ${by(sql`unnest(${[...g.certs]}::text[]) k(v)`, inGroupOf.cert(sql`k.v`))}
    union all ${by(
      sql`unnest(${g.dups.map((d) => d[0])}::text[], ${g.dups.map((d) => d[1])}::text[]) k(n, a)`,
      inGroupOf.dup(sql`k.n`, sql`k.a`),
    )}) m order by m.id)`;
}

/** A group member as the cross-record SQL compares it: where it is, and its keys. */
export interface Member {
  id: number;
  customer_no: string;
  city_code: string;
  county_code: string;
  station_code: string;
  mk: string | null;
  ck: string | null;
  nk: string;
  ak: string;
}

/**
 * The groups' active members with their keys, read once: the cross-record SQL takes them as they
 * are (reading them again by id cost as much as finding them).
 */
export async function findMembers(trx: Trx, groups: TouchedGroups): Promise<Member[]> {
  // the planner's cost for the look-ups is far above the real one: JIT-compiling took seconds
  await sql`set local jit = off`.execute(trx);
  const { rows } =
    await sql<Member>`select c.id, c.customer_no, c.city_code, c.county_code, c.station_code, ${keyColumns}
    from ${groupMembers(groups)} c`.execute(trx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The groups these customers are in (active ones only: the others are in none). */
export async function findGroupsOf(db: Kysely<Database>, ids: readonly number[]): Promise<TouchedGroups> {
  const { rows } = await sql<{ mk: string | null; ck: string | null; nk: string; ak: string }>`
    select ${keyColumns} from customers c where c.id = any(${[...ids]}::bigint[]) and c.status = 'active'`.execute(
    db,
  );
  const present = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => !!v))];
  const dups = new Map(
    rows.filter((r) => r.nk && r.ak).map((r) => [`${r.nk}\u0000${r.ak}`, [r.nk, r.ak] as const]),
  );
  return {
    mobiles: present(rows.map((r) => r.mk)),
    certs: present(rows.map((r) => r.ck)),
    dups: [...dups.values()],
  };
}

function keysQuery(db: Kysely<Database>, scope: Region) {
  return inRegion(db.selectFrom('customers as c'), scope, 'c')
    .select(['c.id', 'c.customer_no', 'c.city_code', 'c.county_code', 'c.station_code'])
    .select([key.mk.as('mk'), key.ck.as('ck'), key.nk.as('nk'), key.ak.as('ak')])
    .where('c.status', '=', 'active');
}

/** The members (findMembers) as the key table. */
function membersTable(m: readonly Member[]) {
  const col = <K extends keyof Member>(k: K) => m.map((r) => r[k]);
  return sql`select * from unnest(${col('id')}::bigint[], ${col('customer_no')}::text[], ${col('city_code')}::text[],
      ${col('county_code')}::text[], ${col('station_code')}::text[], ${col('mk')}::text[], ${col('ck')}::text[],
      ${col('nk')}::text[], ${col('ak')}::text[])
    as m(id, customer_no, city_code, county_code, station_code, mk, ck, nk, ak)`;
}

/**
 * The customers that can have a cross-record finding, found on 64-bit hashes of their keys: those
 * whose mobile key hash is shared by at least minHolders customers, whose cert key hash by two,
 * whose name + address key hash by two. Every member of a group that qualifies on the real keys is
 * among them (its members share the hash, and count no fewer), so the checks below, run on the real
 * keys of the candidates only, give exactly the findings of a run over everyone: a hash collision
 * only adds a candidate, never a finding. The hashes are kept on the customer rows as they are
 * written (generated columns with the key indexes on them, migration 2026_12_07_0100): a province's
 * hashes are counted from the indexes, in order, and the candidates read by them; only the keys of
 * the candidates (~2% of the customers) are worked out.
 */
function candidatesCtes(db: Kysely<Database>, scope: Region, p: CrossRecordParams) {
  const active = () => inRegion(db.selectFrom('customers as c'), scope, 'c').where('c.status', '=', 'active');
  const shared = (column: 'mobile_hash' | 'cert_hash' | 'dup_hash', min: number) =>
    active()
      .select(`c.${column} as h`)
      .where(`c.${column}`, 'is not', null)
      .groupBy(`c.${column}`)
      .having((eb) => eb.fn.countAll(), '>=', min);
  const holding = (column: 'mobile_hash' | 'cert_hash' | 'dup_hash', hashes: string) =>
    active()
      .select('c.id')
      .where(sql<boolean>`${sql.ref(`c.${column}`)} = any(array(select h from ${sql.table(hashes)}))`);
  return sql`hm as (${shared('mobile_hash', p.minHolders)}),
    hc as (${shared('cert_hash', 2)}),
    hd as (${shared('dup_hash', 2)}),
    candidates as (${holding('mobile_hash', 'hm')} union ${holding('cert_hash', 'hc')} union ${holding('dup_hash', 'hd')})`;
}

/**
 * Replaces the run's X-01…03 findings, in its own transaction, so it can run beside the
 * per-record pages on a second connection: an advisory lock per run serialises two runners, and
 * the delete first makes a resumed run write them once. Returns their summary.
 */
export async function replaceCrossRecordFindings(
  trx: Trx,
  run: { id: number; version: number; scope: Region },
  p: CrossRecordParams = DEFAULT_CROSS_RECORD,
): Promise<CrossRecordCounts> {
  await sql`select pg_advisory_xact_lock(hashtext('qy-cross-record'), ${run.id}::int)`.execute(trx);
  await sql`delete from findings where run_id = ${run.id} and rule_id in ('X-01', 'X-02', 'X-03')`.execute(
    trx,
  );
  return insertCountedCrossRecordFindings(trx, run, p);
}

/** A run's X-01…03 findings as its summary counts them (the pages count their own). */
export interface CrossRecordCounts {
  counts: FindingTally[];
  /** The customers with an error among them, and their stations. */
  errors: { id: number; station: string }[];
}

const INSERT_FINDINGS = sql`insert into findings (run_id, customer_id, city_code, county_code, station_code, rule_id,
      rule_version, field, code, severity, message_zh, message_en, suggested)`;

/** Inserts a full run's X-01…03 findings over its scope and returns their summary counts. */
export async function insertCountedCrossRecordFindings(
  trx: Trx,
  run: { id: number; version: number; scope: Region },
  p: CrossRecordParams = DEFAULT_CROSS_RECORD,
): Promise<CrossRecordCounts> {
  // the insert as one more CTE after the findings' (x), counted as it returns its rows
  const statement = await crossRecordStatement(
    trx,
    run.scope,
    p,
    undefined,
    // the counts come named as FindingTally's fields
    (x) => sql<FindingTally & { error_ids: (string | number)[] | null }>`, ins as (${INSERT_FINDINGS}
      select ${run.id}, x.id, x.city_code, x.county_code, x.station_code, x.rule_id, ${run.version}, x.field, x.code,
             x.severity, x.zh, x.en, null
      from ${x}
      returning customer_id, city_code, county_code, station_code, field, rule_id, severity)
    select station_code as station, min(city_code) as city, min(county_code) as county, field, rule_id as rule,
      severity, count(distinct customer_id)::int as customers, count(*)::int as findings,
      array_agg(distinct customer_id) filter (where severity = 'error') as error_ids
    from ins group by station_code, field, rule_id, severity`,
  );
  const { rows } = await statement.execute(trx);
  const errors = new Map<number, string>();
  for (const r of rows) for (const id of r.error_ids ?? []) errors.set(Number(id), r.station);
  return {
    counts: rows.map(({ error_ids: _, ...counts }) => counts),
    errors: [...errors].map(([id, station]) => ({ id, station })),
  };
}

/**
 * Inserts the run's X-01…03 findings; returns how many. With `groups`, only those groups'
 * findings (an incremental run: the caller deleted theirs).
 */
export async function insertCrossRecordFindings(
  trx: Trx,
  run: { id: number; version: number; scope: Region },
  p: CrossRecordParams = DEFAULT_CROSS_RECORD,
  groups?: TouchedGroups,
  /** the groups' members, when the caller has read them (findMembers) */
  members?: readonly Member[],
): Promise<number> {
  const statement = await crossRecordStatement(
    trx,
    run.scope,
    p,
    groups && { groups, members: members ?? (await findMembers(trx, groups)) },
    (x) => sql`${INSERT_FINDINGS}
    select ${run.id}, x.id, x.city_code, x.county_code, x.station_code, x.rule_id, ${run.version}, x.field, x.code, x.severity,
           x.zh, x.en, null
    from ${x}`,
  );
  const result = await statement.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * The X-01…03 findings the groups' members would get under `p`, without writing them (a rule
 * set's preview): customer id, rule and severity.
 */
export async function crossRecordFindingsOf(trx: Trx, p: CrossRecordParams, groups: TouchedGroups) {
  const statement = await crossRecordStatement(
    trx,
    PROVINCE,
    p,
    { groups, members: await findMembers(trx, groups) },
    (x) =>
      sql<{ id: number; rule_id: string; severity: string }>`select x.id, x.rule_id, x.severity from ${x}`,
  );
  const { rows } = await statement.execute(trx);
  return rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** The cross-record SQL over a scope (or the groups), ending in `tail` over its findings `x`. */
async function crossRecordStatement<R>(
  trx: Trx,
  scope: Region,
  p: CrossRecordParams,
  touched: { groups: TouchedGroups; members: readonly Member[] } | undefined,
  tail: (x: RawBuilder<unknown>) => RawBuilder<R>,
): Promise<RawBuilder<R>> {
  // the groups' members were read by the key indexes first, in their own statement (their look-ups
  // need nested loops, which this statement must not have), with their keys: they are the key
  // table as they are (all active; the callers' scope is the province)
  const groups = touched?.groups;
  // over a scope, only the candidates' keys are materialised and grouped by text (candidatesCtes)
  const k = touched
    ? membersTable(touched.members)
    : keysQuery(trx, scope).where(sql<boolean>`c.id = any(array(select id from candidates))`);
  const on = p.enabled ?? { sharedMobile: true, certNameConflict: true, likelyDuplicate: true };
  // a semi-join (hashed), not `= any(array)`: that compares each row with every touched key
  const only = (column: string, values: readonly string[]) =>
    groups ? sql`and ${sql.ref(column)} in (select unnest(${[...values]}::text[]))` : sql``;
  const onlyDups = groups
    ? sql`and (nk, ak) in (select * from unnest(${groups.dups.map((d) => d[0])}::text[], ${groups.dups.map((d) => d[1])}::text[]))`
    : sql``;
  // The planner's cost for a province is far above jit_above_cost, and JIT-compiling (with
  // inlining) this statement's ~120 expressions took longer than it saved: with it off the
  // statement used about half the CPU over 1M customers (transaction-local).
  await sql`set local jit = off`.execute(trx);
  // Every join here is on equal keys, best hashed. Without statistics (the embedded database has no
  // autovacuum; a fresh load has none yet) the planner takes the key table for a row or two and
  // nests loops over it: 30 s instead of 0.1 s for 3,000 customers' groups.
  await sql`set local enable_nestloop = off`.execute(trx);
  // Over a scope, a province's hashes are counted in their indexes' order (group aggregates over
  // index-only scans, no sort); hash aggregates over them spilled at the default work_mem and
  // were slower still in memory. The aggregates over the candidates are small. (A group's
  // members are few: left as they are.)
  if (!touched) await sql`set local enable_hashagg = off`.execute(trx);
  const candidates = touched ? sql`` : sql`${candidatesCtes(trx, scope, p)},`;
  return sql<R>`
    with ${candidates}
    k as materialized (${k}),
    m1 as (select mk from k where mk is not null and ${on.sharedMobile} ${only('mk', groups?.mobiles ?? [])}
           group by mk having count(*) >= ${p.minHolders}),
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
    m2 as (select ck from k where ck is not null and ${on.certNameConflict} ${only('ck', groups?.certs ?? [])}
           group by ck having min(nk) <> max(nk)),
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
      select nk, ak from k where nk <> '' and ak <> '' and ${on.likelyDuplicate} ${onlyDups}
      group by nk, ak having count(*) between 2 and ${p.maxGroupSize}),
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
    ${tail(sql`(select * from x1 union all select * from x2 union all select * from x3) x`)}`;
}
