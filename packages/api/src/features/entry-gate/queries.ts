import { sql, type CompiledQuery, type Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { certKey, inGroupOf, nameKey } from '../validation/cross-record.queries.ts';

/** Stations with their county's GB/T 2260 code: the entry gate's region lookup. */
export const findStations = (db: Kysely<Database>) =>
  db
    .selectFrom('org_units as s')
    .leftJoin('org_units as county', 'county.code', 's.county_code')
    .select(['s.code', 's.city_code', 's.county_code', 'county.division_code'])
    .where('s.level', '=', 'station')
    .execute();

export interface GateCount {
  day: string;
  station: string;
  channel: string;
  /** '' when the call named none */
  businessType: string;
  records: number;
  withError: number;
}

export async function addEntryGateCounts(db: Kysely<Database>, counts: readonly GateCount[]) {
  if (counts.length === 0) return;
  await db
    .insertInto('entry_gate_counts')
    .values(
      counts.map((c) => ({
        day: c.day,
        station_code: c.station,
        channel: c.channel,
        business_type: c.businessType,
        records: c.records,
        records_with_error: c.withError,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['day', 'station_code', 'channel', 'business_type']).doUpdateSet((eb) => ({
        records: eb('entry_gate_counts.records', '+', eb.ref('excluded.records')),
        records_with_error: eb(
          'entry_gate_counts.records_with_error',
          '+',
          eb.ref('excluded.records_with_error'),
        ),
      })),
    )
    .execute();
}

export const findEntryGateCounts = (db: Kysely<Database>) =>
  db
    .selectFrom('entry_gate_counts')
    .select([
      sql<string>`day::text`.as('day'),
      'station_code',
      'channel',
      'business_type',
      'records',
      'records_with_error',
    ])
    .orderBy('day')
    .orderBy('station_code')
    .orderBy('channel')
    .execute();

/**
 * At least this many of a mobile's customers are read at the gate (more when the rule set's error
 * threshold is higher); beyond, it reports "at least". Each is a read of a customer's page: 500
 * cost a call 0.75 ms more than a plain one over 1M customers.
 */
export const GATE_HOLDERS_READ = 100;

interface GateRow {
  kind: 'm' | 'c';
  k1: string;
  k2: string;
  n: number;
  is_own: boolean;
  capped: boolean;
}

// The statement's text is the same at every call (its values are parameters): built and compiled
// once per database handle, not at every call (kysely's builders cost the call ~40 µs).
const gateStatements = new WeakMap<object, CompiledQuery<GateRow>>();
function gateStatement(db: Db): CompiledQuery<GateRow> {
  let compiled = gateStatements.get(db.kysely);
  if (!compiled) {
    const cap = 0;
    const mobiles: string[] = [];
    const holders: string[] = [];
    const certs: string[] = [];
    compiled = sql<GateRow>`
    select 'm' as kind, p.mk as k1, p.hk as k2, count(distinct h.holder)::int as n, coalesce(bool_or(h.holder = p.hk), false) as is_own,
      count(*) >= ${cap}::int as capped
    from unnest(${mobiles}::text[], ${holders}::text[]) p(mk, hk)
    cross join lateral (
      select coalesce(${certKey}, '#' || c.customer_no) as holder from customers c
      where ${inGroupOf.mobile(sql`p.mk`)} limit ${cap}::int) h
    group by p.mk, p.hk
    union all
    select distinct 'c', k.v, ${nameKey}, 0, false, false
    from unnest(${certs}::text[]) k(v)
    cross join lateral (select c.name from customers c where ${inGroupOf.cert(sql`k.v`)}) c`.compile(
      db.kysely,
    );
    if (compiled.parameters.length !== 5) throw new Error('the gate statement takes 5 parameters');
    gateStatements.set(db.kysely, compiled);
  }
  return compiled;
}

/**
 * For the gate's cross-record checks, in one round trip, through the key indexes on customers
 * (index scans of the group, never a scan of the table): per (mobile key, holder key) the mobile's
 * active holders — counted over at most `cap` of its customers — and whether that
 * holder is one of them; per ID key the names it is held under.
 */
export async function findCrossRecordCounts(
  db: Db,
  pairs: readonly { mobile: string; holder: string }[],
  certs: readonly string[],
  cap: number = GATE_HOLDERS_READ,
) {
  const holders = new Map<string, { holders: number; isOwn: boolean; capped: boolean }>();
  const names = new Map<string, string[]>();
  if (pairs.length === 0 && certs.length === 0) return { holders, names };
  // prepared: planning its key expressions took longer than running it (0.25 vs 0.05 ms)
  const statement = gateStatement(db);
  const rows = await db.prepared<GateRow>('qy-gate-cross-record', {
    ...statement,
    parameters: [cap, pairs.map((p) => p.mobile), pairs.map((p) => p.holder), cap, [...new Set(certs)]],
  });
  for (const r of rows)
    if (r.kind === 'm')
      holders.set(`${r.k1}\u0000${r.k2}`, { holders: r.n, isOwn: r.is_own, capped: r.capped });
    else names.set(r.k1, [...(names.get(r.k1) ?? []), r.k2]);
  return { holders, names };
}
