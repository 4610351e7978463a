import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

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
 * For the gate's cross-record checks, from the counts the customers triggers keep (not a scan):
 * per mobile key, its active holders and whether each given holder is one of them.
 */
export async function findMobileHolders(
  db: Kysely<Database>,
  pairs: readonly { mobile: string; holder: string }[],
): Promise<Map<string, { holders: number; own: Set<string> }>> {
  const out = new Map<string, { holders: number; own: Set<string> }>();
  if (pairs.length === 0) return out;
  const mobiles = [...new Set(pairs.map((p) => p.mobile))];
  const [counts, own] = await Promise.all([
    sql<{ mobile_key: string; n: number }>`select mobile_key, count(*)::int as n from mobile_holders
      where mobile_key = any(${mobiles}::text[]) and customers > 0 group by mobile_key`.execute(db),
    sql<{ mobile_key: string; holder_key: string }>`select m.mobile_key, m.holder_key from mobile_holders m
      join unnest(${pairs.map((p) => p.mobile)}::text[], ${pairs.map((p) => p.holder)}::text[]) x(mk, hk)
        on m.mobile_key = x.mk and m.holder_key = x.hk
      where m.customers > 0`.execute(db),
  ]);
  for (const r of counts.rows) out.set(r.mobile_key, { holders: r.n, own: new Set() });
  for (const r of own.rows) out.get(r.mobile_key)?.own.add(r.holder_key);
  return out;
}

/** Per ID key, the name keys active customers hold it under. */
export async function findCertNames(db: Kysely<Database>, certs: readonly string[]) {
  const out = new Map<string, string[]>();
  if (certs.length === 0) return out;
  const { rows } = await sql<{ cert_key: string; name_key: string }>`select cert_key, name_key from cert_names
    where cert_key = any(${[...new Set(certs)]}::text[]) and customers > 0`.execute(db);
  for (const r of rows) out.set(r.cert_key, [...(out.get(r.cert_key) ?? []), r.name_key]);
  return out;
}
