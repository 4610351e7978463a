// All SQL of field verification (现场核实). Every read is cut to the caller's region with inRegion.
import type { Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, FieldEntriesTable } from '../../db/schema.ts';
import type { Insertable } from 'kysely';
import { inRegion, type Region } from '../auth/region.ts';

export const findStations = (db: Kysely<Database>, region: Region) => {
  const { stationCode, ...above } = region;
  return inRegion(
    db
      .selectFrom('org_units as s')
      .leftJoin('org_units as county', 'county.code', 's.county_code')
      .select(['s.code', 's.name', 'county.name as county_name'])
      .where('s.level', '=', 'station'),
    above,
    's',
  )
    .$if(stationCode !== undefined, (qb) => qb.where('s.code', '=', stationCode!))
    .orderBy('s.code')
    .execute();
};

/** A station's active customers in the caller's region, found by 户号 prefix or part of name/address. */
function stationCustomers(db: Kysely<Database>, region: Region, station: string, q: string | undefined) {
  // the caller's region, then the station asked for: both cuts through the one helper
  let qb = inRegion(
    inRegion(db.selectFrom('customers as c'), region, 'c'),
    { stationCode: station },
    'c',
  ).where('c.status', '=', 'active');
  if (q) {
    const escaped = q.replace(/[\\%_]/g, '\\$&');
    qb = qb.where((eb) =>
      eb.or([
        eb('c.customer_no', 'like', `${escaped}%`),
        eb('c.name', 'like', `%${escaped}%`),
        eb('c.address', 'like', `%${escaped}%`),
      ]),
    );
  }
  return qb;
}

export async function findStationCustomers(
  db: Kysely<Database>,
  region: Region,
  query: { station: string; q?: string; limit: number; offset: number },
  campaignId: number | null,
) {
  const base = stationCustomers(db, region, query.station, query.q);
  const [items, total] = await Promise.all([
    base
      .leftJoin('customer_verification as v', (j) =>
        j.onRef('v.customer_id', '=', 'c.id').on('v.campaign_id', '=', campaignId ?? -1),
      )
      .select([
        'c.id',
        'c.customer_no',
        'c.name',
        'c.mobile',
        'c.landline',
        'c.address',
        'c.cert_type',
        'c.cert_no',
        'c.status',
        'c.version',
        'c.city_code',
        'c.county_code',
        'v.state',
      ])
      .orderBy('c.customer_no')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((r) => ({ ...r, id: Number(r.id) })), total: Number(total.n) };
}

/** The latest completed runs, newest first: the first covering a customer holds its findings. */
export const findLatestRuns = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'city_code', 'county_code'])
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

/** The customer an entry or a check is about, if it is in the caller's region. */
export const findCustomer = (db: Kysely<Database>, region: Region, id: number) =>
  inRegion(db.selectFrom('customers as c'), region, 'c')
    .select([
      'c.id',
      'c.customer_no',
      'c.name',
      'c.customer_type',
      'c.cert_type',
      'c.cert_no',
      'c.mobile',
      'c.landline',
      'c.address',
      'c.status',
      'c.version',
      'c.city_code',
      'c.county_code',
      'c.station_code',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();

/**
 * The worksheet export that put the customer in the field in the active cycle, while the
 * customer's state is still the export's: an entry for them returns that file's row.
 */
export const findHoldingExport = async (db: Kysely<Database>, customerId: number) => {
  const row = await db
    .selectFrom('customer_verification as v')
    .innerJoin('campaigns as k', 'k.id', 'v.campaign_id')
    .select('v.ref')
    .where('k.status', '=', 'active')
    .where('v.customer_id', '=', customerId)
    .where('v.source', '=', 'worksheet_export')
    .executeTakeFirst();
  const id = Number(row?.ref);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
};

export const findEntryByKey = (db: Kysely<Database>, key: string) =>
  db.selectFrom('field_entries').selectAll().where('entry_key', '=', key).executeTakeFirst();

/**
 * Claims the key: the row, or undefined when the key is taken. A second arrival of a key still in
 * flight waits on the unique index until the first commits, then finds it taken.
 */
export const claimEntryKey = (trx: Trx, row: Insertable<FieldEntriesTable>) =>
  trx
    .insertInto('field_entries')
    .values(row)
    .onConflict((oc) => oc.column('entry_key').doNothing())
    .returning('id')
    .executeTakeFirst();

export const markEntryConflict = (trx: Trx, id: number) =>
  trx.updateTable('field_entries').set({ outcome: 'conflict' }).where('id', '=', id).execute();

export const findChangedFields = (db: Kysely<Database>, customerId: number, ref: string) =>
  db
    .selectFrom('customer_changes')
    .select('field')
    .where('customer_id', '=', customerId)
    .where('source', '=', 'worksheet')
    .where('batch_id', '=', ref)
    .orderBy('id')
    .execute();

export const findOwnEntries = (db: Kysely<Database>, userId: number, limit: number) =>
  db
    .selectFrom('field_entries as e')
    .innerJoin('customers as c', 'c.id', 'e.customer_id')
    .select([
      'e.id',
      'e.entry_key',
      'e.result',
      'e.outcome',
      'e.recorded_at',
      'e.received_at',
      'c.customer_no',
      'c.name',
    ])
    .where('e.user_id', '=', userId)
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();

export const countOwnEntriesSince = async (db: Kysely<Database>, userId: number, since: Date) =>
  Number(
    (
      await db
        .selectFrom('field_entries')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('received_at', '>=', since)
        .executeTakeFirstOrThrow()
    ).n,
  );
