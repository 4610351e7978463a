// All SQL of the worksheets feature. Reads are cut to the caller’s region with inRegion.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, WorksheetRowOutcome } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion, PROVINCE, type Region } from '../auth/region.ts';
import { TRACKED_FIELDS } from '../customers/columns.ts';
import { stateWriteCtes, type StateWrite } from '../verification/queries.ts';
import { isDue, type DueParams } from '../monitoring/due.ts';

// ---------- export ----------

export interface StationRow {
  code: string;
  name: string;
  city_code: string;
  county_code: string;
}

/** Stations in a region (the province, a city, county or one station), or with the given codes. */
export function stationsQuery(
  db: Kysely<Database>,
  by: { region?: Region; stationCodes?: readonly string[] },
) {
  const { stationCode, ...above } = by.region ?? PROVINCE;
  let q = inRegion(
    db
      .selectFrom('org_units')
      .select(['code', 'name', 'city_code', 'county_code'])
      .where('level', '=', 'station'),
    above,
  );
  // org_units has no station_code column: a station's own row names it by its code
  if (stationCode) q = q.where('code', '=', stationCode);
  if (by.stationCodes) q = q.where('code', 'in', by.stationCodes.length ? by.stationCodes : ['']);
  return q.orderBy('code');
}

export async function findStations(
  db: Kysely<Database>,
  by: { region?: Region; stationCodes?: readonly string[] },
): Promise<StationRow[]> {
  const rows = await stationsQuery(db, by).execute();
  return rows.map((r) => ({ ...r, city_code: r.city_code ?? '', county_code: r.county_code ?? '' }));
}

/** Counties and stations the caller may export, for the scope picker. */
export const findUnitsInScope = (db: Kysely<Database>, principal: Principal) =>
  inRegion(db.selectFrom('org_units'), principal.region)
    .select(['code', 'name', 'level', 'parent_code', 'city_code', 'county_code'])
    .where('level', 'in', ['city', 'county', 'station'])
    .orderBy('code')
    .execute();

/** The latest completed runs, newest first: the first one covering a station holds its findings. */
export const findLatestRuns = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'city_code', 'county_code'])
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

export const exportColumns = [
  'c.id',
  'c.customer_no',
  'c.name',
  'c.mobile',
  'c.landline',
  'c.address',
  'c.cert_no',
  'c.version',
] as const;

/** One keyset page of a station's active customers; with runId, only those with findings in it. */
export const stationCustomerPage = (
  db: Kysely<Database>,
  station: StationRow,
  afterId: number,
  limit: number,
  withFindingsIn: number | null | undefined,
  due?: DueFilter,
) =>
  inRegion(
    db.selectFrom('customers as c').select(exportColumns),
    // all three codes: the customers_scope index (city, county, station, id) serves the page
    { cityCode: station.city_code, countyCode: station.county_code, stationCode: station.code },
    'c',
  )
    .where('c.status', '=', 'active')
    .where('c.id', '>', afterId)
    // "with findings only": findings in the run, or an open flag on the number (a failed SMS, 空号)
    .$if(withFindingsIn !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom('findings as f')
              .select(sql.lit(1).as('x'))
              .where('f.run_id', '=', withFindingsIn ?? -1)
              .whereRef('f.customer_id', '=', 'c.id'),
          ),
          eb.exists(
            eb
              .selectFrom('customer_flags as fl')
              .select(sql.lit(1).as('x'))
              .whereRef('fl.customer_id', '=', 'c.id')
              .where('fl.resolved_at', 'is', null),
          ),
        ]),
      ),
    )
    // a re-verification list: only the customers due (monitoring/due.ts)
    .$if(due !== undefined, (qb) =>
      qb.where(isDue('c', sql<number | null>`${due!.runId}::bigint`, due!.params)),
    )
    .orderBy('c.id')
    .limit(limit);

/** The re-verification filter of an export: who is due, and the run whose X-01 findings count. */
export interface DueFilter {
  params: DueParams;
  runId: number | null;
}

export type ExportCustomer = Awaited<ReturnType<ReturnType<typeof stationCustomerPage>['execute']>>[number];

/**
 * Reads one keyset page of a station's customers (see stationCustomerPage) and moves them to
 * in_field in the same statement: the states are written from the rows read, with no second
 * lookup of each customer and no list of ids sent back, and exactly the customers of the page
 * (whose codes are the station's: the page is read by them).
 */
export async function takeStationCustomerPage(
  trx: Trx,
  station: StationRow,
  afterId: number,
  limit: number,
  withFindingsIn: number | null | undefined,
  /** undefined between cycles: no campaign to move the page to in_field in */
  write: StateWrite | undefined,
  due?: DueFilter,
): Promise<ExportCustomer[]> {
  const page = stationCustomerPage(trx, station, afterId, limit, withFindingsIn, due);
  if (!write) return (await sql<ExportCustomer>`select * from ${page} as page order by id`.execute(trx)).rows;
  const result = await sql<ExportCustomer>`
    with page as ${page},
    input as (
      select id as customer_id, 'in_field'::text as state, ${station.city_code}::text as city_code,
             ${station.county_code}::text as county_code, ${station.code}::text as station_code
      from page
    ),
    ${stateWriteCtes(write)}
    select * from page order by id
  `.execute(trx);
  return result.rows;
}

/** Customers of these stations (all statuses), from the counters the campaign keeps: an upper bound. */
export const countStationCustomers = async (db: Kysely<Database>, stationCodes: readonly string[]) =>
  stationCodes.length === 0
    ? 0
    : Number(
        (
          await db
            .selectFrom('station_customer_counts')
            .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('customers'), sql.lit(0)).as('n'))
            // the export's stations, checked against the caller's region when it was resolved
            .where('station_code', '=', sql<string>`any(${[...stationCodes]}::text[])`)
            .executeTakeFirstOrThrow()
        ).n,
      );

export const findFindingsFor = (db: Kysely<Database>, runId: number, customerIds: readonly number[]) =>
  customerIds.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('findings')
        .select(['customer_id', 'field', 'severity', 'message_zh', 'message_en'])
        .where('run_id', '=', runId)
        // one array parameter, not thousands of placeholders
        .where('customer_id', '=', sql<number>`any(${[...customerIds]}::bigint[])`)
        .orderBy('customer_id')
        .orderBy('id')
        .execute();

export const insertExport = (
  db: Kysely<Database>,
  row: {
    userId: number | null;
    cityCode: string | null;
    countyCode: string | null;
    scope: unknown;
    now: Date;
  },
) =>
  db
    .insertInto('worksheet_exports')
    .values({
      user_id: row.userId,
      city_code: row.cityCode,
      county_code: row.countyCode,
      scope: JSON.stringify(row.scope),
      created_at: row.now,
    })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();

export const finishExport = (
  db: Kysely<Database>,
  id: number,
  row: {
    status: 'completed' | 'failed';
    rows: number;
    stations: number;
    fileName: string;
    campaignId: number | null;
    /** rows per station code (a failed export wrote none) */
    stationRows?: Record<string, number>;
    now: Date;
  },
) =>
  db
    .updateTable('worksheet_exports')
    .set({
      status: row.status,
      rows: row.rows,
      stations: row.stations,
      file_name: row.fileName,
      campaign_id: row.campaignId,
      station_rows: row.stationRows ? JSON.stringify(row.stationRows) : null,
      finished_at: row.now,
    })
    .where('id', '=', id)
    .execute();

export const listExports = (db: Kysely<Database>, principal: Principal, limit = 50) =>
  inRegion(db.selectFrom('worksheet_exports as e'), principal.region, 'e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.scope',
      'e.status',
      'e.rows',
      'e.stations',
      'e.file_name',
      'e.created_at',
      'u.display_name as user_name',
    ])
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();

export const findVisibleExport = (db: Kysely<Database>, principal: Principal, id: number) =>
  inRegion(db.selectFrom('worksheet_exports as e'), principal.region, 'e')
    .select(['e.id', 'e.scope', 'e.status'])
    .where('e.id', '=', id)
    .executeTakeFirst();

export const findExports = (db: Kysely<Database>, ids: readonly number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db.selectFrom('worksheet_exports').select(['id', 'status']).where('id', 'in', ids).execute();

// ---------- import ----------

export const findCustomersForImport = (db: Kysely<Database>, ids: readonly number[]) =>
  ids.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('customers')
        .select(['id', 'customer_no', ...TRACKED_FIELDS, 'version', 'city_code', 'county_code'])
        .where('id', 'in', ids)
        .execute();

export type ImportCustomer = Awaited<ReturnType<typeof findCustomersForImport>>[number];

export const findAppliedMarkers = (
  db: Kysely<Database>,
  keys: readonly { exportId: number; customerId: number; rowHash: string }[],
) =>
  keys.length === 0
    ? Promise.resolve([])
    : sql<{ export_id: number; customer_id: number; row_hash: string; upload_id: number }>`
        select a.export_id, a.customer_id, a.row_hash, a.upload_id
        from worksheet_applied_rows a
        join unnest(${keys.map((k) => k.exportId)}::bigint[], ${keys.map((k) => k.customerId)}::bigint[],
                    ${keys.map((k) => k.rowHash)}::text[]) as k(export_id, customer_id, row_hash)
          on a.export_id = k.export_id and a.customer_id = k.customer_id and a.row_hash = k.row_hash`
        .execute(db)
        .then((r) => r.rows);

export const findCommittedByHash = (db: Kysely<Database>, hash: string) =>
  db
    .selectFrom('worksheet_uploads as w')
    .leftJoin('users as u', 'u.id', 'w.user_id')
    .select(['w.id', 'w.file_name', 'w.created_at', 'w.committed_at', 'u.display_name as user_name'])
    .where('w.content_hash', '=', hash)
    .where('w.status', '=', 'committed')
    .orderBy('w.id')
    .executeTakeFirst();

/** Discards a preview that is still a preview; answers whether it did. */
export const discardUpload = (db: Kysely<Database>, id: number, now: Date) =>
  db
    .updateTable('worksheet_uploads')
    .set({ status: 'discarded', discarded_at: now })
    .where('id', '=', id)
    .where('status', '=', 'previewed')
    .executeTakeFirst()
    .then((r) => Number(r.numUpdatedRows) === 1);

export const insertUpload = (
  db: Kysely<Database>,
  row: {
    userId: number | null;
    cityCode: string | null;
    countyCode: string | null;
    fileName: string;
    contentHash: string;
    headers: string[];
    now: Date;
  },
) =>
  db
    .insertInto('worksheet_uploads')
    .values({
      user_id: row.userId,
      city_code: row.cityCode,
      county_code: row.countyCode,
      file_name: row.fileName,
      content_hash: row.contentHash,
      headers: JSON.stringify(row.headers),
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

export const UPLOAD_ROW_COLUMNS = [
  'upload_id',
  'seq',
  'sheet',
  'row_no',
  'customer_id',
  'export_id',
  'token_version',
  'row_hash',
  'outcome',
  'result',
  'changes',
  'current_values',
  'errors',
  'note',
  'raw',
] as const;

export const setUploadCounts = (
  db: Kysely<Database>,
  id: number,
  counts: Record<WorksheetRowOutcome, number>,
) =>
  db
    .updateTable('worksheet_uploads')
    .set({
      rows_total: Object.values(counts).reduce((a, b) => a + b, 0),
      rows_update: counts.update,
      rows_unchanged: counts.unchanged,
      rows_conflict: counts.conflict,
      rows_error: counts.error,
      rows_blank: counts.blank,
    })
    .where('id', '=', id)
    .execute();

const uploadColumns = [
  'w.id',
  'w.file_name',
  'w.status',
  'w.rows_total',
  'w.rows_update',
  'w.rows_unchanged',
  'w.rows_conflict',
  'w.rows_error',
  'w.rows_blank',
  'w.rows_applied',
  'w.headers',
  'w.content_hash',
  'w.created_at',
  'w.committed_at',
  'w.city_code',
  'w.county_code',
  'u.display_name as user_name',
] as const;

export const findUpload = (db: Kysely<Database>, principal: Principal, id: number) =>
  inRegion(db.selectFrom('worksheet_uploads as w'), principal.region, 'w')
    .leftJoin('users as u', 'u.id', 'w.user_id')
    .select(uploadColumns)
    .where('w.id', '=', id)
    .executeTakeFirst();

export type UploadRow = NonNullable<Awaited<ReturnType<typeof findUpload>>>;

export const listUploads = (db: Kysely<Database>, principal: Principal, limit = 50) =>
  inRegion(db.selectFrom('worksheet_uploads as w'), principal.region, 'w')
    .leftJoin('users as u', 'u.id', 'w.user_id')
    .select(uploadColumns)
    .orderBy('w.id', 'desc')
    .limit(limit)
    .execute();

export const lockUpload = (trx: Trx, id: number) =>
  trx
    .selectFrom('worksheet_uploads')
    .select(['id', 'status', 'user_id'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const findUploadRows = (
  db: Kysely<Database>,
  uploadId: number,
  opts: { outcomes?: readonly WorksheetRowOutcome[]; afterSeq?: number; limit?: number } = {},
) =>
  db
    .selectFrom('worksheet_upload_rows')
    .selectAll()
    .where('upload_id', '=', uploadId)
    .$if(!!opts.outcomes, (qb) => qb.where('outcome', 'in', opts.outcomes!))
    .where('seq', '>', opts.afterSeq ?? 0)
    .orderBy('seq')
    .limit(opts.limit ?? 1000)
    .execute();

export const countUploadRows = (
  db: Kysely<Database>,
  uploadId: number,
  outcomes?: readonly WorksheetRowOutcome[],
) =>
  db
    .selectFrom('worksheet_upload_rows')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('upload_id', '=', uploadId)
    .$if(!!outcomes, (qb) => qb.where('outcome', 'in', outcomes!))
    .executeTakeFirstOrThrow()
    .then((r) => Number(r.n));

export const markRows = (
  trx: Trx,
  uploadId: number,
  seqs: readonly number[],
  outcome: 'conflict' | 'unchanged',
  note: string,
) =>
  seqs.length === 0
    ? Promise.resolve()
    : trx
        .updateTable('worksheet_upload_rows')
        .set({ outcome, note })
        .where('upload_id', '=', uploadId)
        .where('seq', 'in', seqs)
        .execute()
        .then(() => undefined);

export const finishUpload = (
  trx: Trx,
  id: number,
  applied: number,
  counts: { conflict: number; update: number; unchanged: number },
  now: Date,
) =>
  trx
    .updateTable('worksheet_uploads')
    .set({
      status: 'committed',
      rows_applied: applied,
      rows_conflict: counts.conflict,
      rows_update: counts.update,
      rows_unchanged: counts.unchanged,
      committed_at: now,
    })
    .where('id', '=', id)
    .execute();
