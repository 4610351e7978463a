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
        records: c.records,
        records_with_error: c.withError,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['day', 'station_code', 'channel']).doUpdateSet((eb) => ({
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
    .select([sql<string>`day::text`.as('day'), 'station_code', 'channel', 'records', 'records_with_error'])
    .orderBy('day')
    .orderBy('station_code')
    .orderBy('channel')
    .execute();
