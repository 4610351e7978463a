// Loads a customers file in ONE transaction: good rows are inserted or updated (upsert by
// customer_no; updates go through the customer write path, customers/changes.ts), bad rows are
// rejected with row, column and reason, and a crash anywhere leaves
// the database as it was before the batch. Memory stays bounded: rows flow in chunks; only the
// set of customer numbers seen (to catch duplicates within the file) grows with the file.
// Updates are merged three ways (merge.ts): a field we corrected keeps our value unless the source
// converged on it (源系统已确认) or changed it too (a conflict for a person, ours kept). A full
// extract that lacks a customer marks it missing from the source. Inserted and changed customers
// are re-validated when a validation run holds findings for them.
import { sql } from 'kysely';
import type { BulkWriter, Cell, Db, Trx } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { LoadMode } from '../../db/schema.ts';
import { applyChanges, type CustomerChange } from '../customers/changes.ts';
import { TRACKED_FIELDS as TRACKED, type TrackedField } from '../customers/columns.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import {
  clearMissing,
  confirmCorrections,
  findDivergences,
  markMissing,
  mergeField,
  recordConflicts,
  type MergeConflict,
} from './merge.ts';
import { CUSTOMER_COLUMNS, mapHeader, REQUIRED_CUSTOMER_COLUMNS, type CustomerColumn } from './columns.ts';
import type { Table } from './parse.ts';
import {
  SeenKeys,
  validateCustomerRow,
  type CleanCustomer,
  type RowError,
  type StationInfo,
} from './validate-customer.ts';

export interface LoadCounts {
  rowsTotal: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  rowsConflicts: number;
  rowsConfirmed: number;
  rowsMissing: number;
}

export interface LoadOptions {
  batchId: number;
  userId: number | null;
  /** The batch's time, written on every row it inserts or changes. */
  now: Date;
  /** full (default): customers the file lacks are marked missing from the source; delta: not */
  mode?: LoadMode;
  chunkSize?: number;
  onProgress?: (rowsSeen: number) => void;
}

const INSERT_COLUMNS = [
  ...TRACKED,
  'customer_no',
  'county_code',
  'city_code',
  'load_batch_id',
  'created_at',
  'updated_at',
] as const;
const ERROR_COLUMNS = ['batch_id', 'row_no', 'column_name', 'code', 'reason_zh', 'reason_en', 'raw'] as const;

export async function loadCustomers(db: Db, table: Table, opts: LoadOptions): Promise<LoadCounts> {
  const header = mapHeader(table.header, CUSTOMER_COLUMNS, REQUIRED_CUSTOMER_COLUMNS);
  if (header.missing.length > 0) {
    throw new AppError(
      'validation_failed',
      `缺少必需的列：${header.missing.map((c) => CUSTOMER_COLUMNS[c][1]).join('、')} / Missing required columns: ${header.missing.join(', ')}`,
    );
  }
  const chunkSize = opts.chunkSize ?? 10_000;
  return db.bulkTransaction(async (trx, bulk) => {
    // One customers load at a time: two loads racing on the same new customer_no would otherwise collide.
    await sql`select pg_advisory_xact_lock(hashtext('qingyuan:load:customers'))`.execute(trx);
    // The table grows inside this transaction while its statistics stay as they were (empty, on
    // a first load): the planner would then look up each chunk's customer numbers by scanning
    // the whole, growing table. The unique index is always the right way.
    await sql`set local enable_seqscan = off`.execute(trx);
    const stations = await loadStations(trx);
    // A first load into an empty table (under the lock above, nobody else adds customers) has
    // nothing to look up: every row is new, and duplicates within the file are caught in memory.
    const last = await trx.selectFrom('customers').select('id').orderBy('id', 'desc').limit(1).execute();
    const isFirstLoad = last.length === 0;
    const maxIdBefore = Number(last[0]?.id ?? 0);
    // findings are kept only for customers a completed run covers: without one, nothing to redo
    const hasRuns =
      (
        await trx
          .selectFrom('validation_runs')
          .select('id')
          .where('status', '=', 'completed')
          .limit(1)
          .execute()
      ).length > 0;
    const counts: LoadCounts = {
      rowsTotal: 0,
      rowsLoaded: 0,
      rowsRejected: 0,
      rowsInserted: 0,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsConflicts: 0,
      rowsConfirmed: 0,
      rowsMissing: 0,
    };
    const ctx: ChunkContext = { trx, bulk, stations, opts, counts, isFirstLoad, hasRuns };
    const apply = (rows: CleanCustomer[]) => applyChunk(ctx, rows);
    const seen = new SeenKeys();
    // customer numbers of rejected rows: the source still carries them, they are not missing
    const rejectedNos = new SeenKeys();
    const errors: Cell[][] = [];
    let chunk: CleanCustomer[] = [];
    const inflight = new InFlight();
    const label = (c: CustomerColumn | '*') => (c === '*' ? '*' : (header.label.get(c) ?? c));

    try {
      for await (const items of table.rows)
        for (const item of items) {
          counts.rowsTotal++;
          if ('malformed' in item) {
            counts.rowsRejected++;
            errors.push([
              opts.batchId,
              item.rowNo,
              '*',
              'malformed',
              `CSV 格式错误：${item.malformed}`,
              `malformed CSV: ${item.malformed}`,
              '',
            ]);
          } else {
            const get = (c: CustomerColumn) => {
              const i = header.index.get(c);
              return i === undefined ? '' : (item.cells[i] ?? '').trim();
            };
            const result = validateCustomerRow(get, stations, seen);
            if (result.row) chunk.push(result.row);
            else {
              counts.rowsRejected++;
              const no = get('customer_no');
              if (no && no.length <= 40) rejectedNos.add(no);
              const raw = item.cells.join(',').slice(0, 1000);
              for (const e of result.errors as RowError[])
                errors.push([opts.batchId, item.rowNo, label(e.column), e.code, e.zh, e.en, raw]);
            }
          }
          if (chunk.length >= chunkSize) {
            // The database writes this chunk while we parse the next one: one core each.
            await inflight.wait();
            inflight.start(apply(chunk));
            chunk = [];
            opts.onProgress?.(counts.rowsTotal);
          }
          if (errors.length >= 5_000) {
            await inflight.wait();
            await bulk.write('load_errors', ERROR_COLUMNS, errors.splice(0));
          }
        }
    } catch (err) {
      // A statement of the write in flight still queued after our ROLLBACK would run outside
      // the transaction and commit: wait for it before the error unwinds the transaction.
      await inflight.settle();
      throw err;
    }
    await inflight.wait();
    await apply(chunk);
    await bulk.write('load_errors', ERROR_COLUMNS, errors);
    if ((opts.mode ?? 'full') === 'full' && !isFirstLoad)
      counts.rowsMissing = await markMissing(
        trx,
        (no) => seen.has(no) || rejectedNos.has(no),
        maxIdBefore,
        opts.batchId,
        opts.now,
      );
    opts.onProgress?.(counts.rowsTotal);
    counts.rowsLoaded = counts.rowsInserted + counts.rowsUpdated + counts.rowsUnchanged;
    await completeBatch(trx, opts.batchId, counts, opts.now);
    return counts;
  });
}

/** Marks the batch completed with its counts, in the load's own transaction. */
export async function completeBatch(trx: Trx, batchId: number, counts: LoadCounts, now: Date) {
  await trx
    .updateTable('load_batches')
    .set({
      status: 'completed',
      finished_at: now,
      rows_total: counts.rowsTotal,
      rows_loaded: counts.rowsLoaded,
      rows_rejected: counts.rowsRejected,
      rows_inserted: counts.rowsInserted,
      rows_updated: counts.rowsUpdated,
      rows_unchanged: counts.rowsUnchanged,
      rows_conflicts: counts.rowsConflicts,
      rows_confirmed: counts.rowsConfirmed,
      rows_missing: counts.rowsMissing,
    })
    .where('id', '=', batchId)
    .execute();
}

/** At most one write in flight; its failure surfaces at the next wait (never unhandled). */
class InFlight {
  #pending: Promise<void> = Promise.resolve();
  #error: unknown;
  start(work: Promise<void>) {
    this.#pending = work.catch((err: unknown) => {
      this.#error ??= err;
    });
  }
  async wait() {
    await this.#pending;
    if (this.#error !== undefined) throw this.#error;
  }
  /** Lets the write in flight finish, whatever happens: a rollback must not overtake it. */
  async settle() {
    await this.#pending;
  }
}

async function loadStations(trx: Trx): Promise<Map<string, StationInfo>> {
  const rows = await trx
    .selectFrom('org_units')
    .select(['code', 'county_code', 'city_code'])
    .where('level', '=', 'station')
    .execute();
  return new Map(
    rows.map((r) => [r.code, { county_code: r.county_code ?? '', city_code: r.city_code ?? '' }]),
  );
}

interface ChunkContext {
  trx: Trx;
  bulk: BulkWriter;
  stations: ReadonlyMap<string, StationInfo>;
  opts: LoadOptions;
  counts: LoadCounts;
  isFirstLoad: boolean;
  hasRuns: boolean;
}

async function applyChunk(ctx: ChunkContext, chunk: CleanCustomer[]) {
  const { trx, bulk, stations, opts, counts, isFirstLoad } = ctx;
  if (chunk.length === 0) return;
  const existing = isFirstLoad
    ? []
    : await trx
        .selectFrom('customers')
        .select(['id', 'customer_no', 'version', ...TRACKED])
        .where(sql<boolean>`customer_no = any(${chunk.map((r) => r.customer_no)}::text[])`)
        .forUpdate()
        .execute();
  const byNo = new Map(existing.map((r) => [r.customer_no, r]));
  const existingIds = existing.map((r) => Number(r.id));
  const divergences = await findDivergences(trx, existingIds);
  const inserts: Cell[][] = [];
  const changes: CustomerChange[] = [];
  const conflicts: MergeConflict[] = [];
  const confirmed: { customerId: number; field: TrackedField; value: string }[] = [];
  const at = opts.now.toISOString();
  for (const row of chunk) {
    const station = stations.get(row.station_code)!;
    const old = byNo.get(row.customer_no);
    if (!old) {
      inserts.push([
        ...TRACKED.map((f) => row[f]),
        row.customer_no,
        station.county_code,
        station.city_code,
        opts.batchId,
        at,
        at,
      ]);
      continue;
    }
    const customerId = Number(old.id);
    const ours = divergences.get(customerId);
    const taken: TrackedField[] = [];
    for (const field of TRACKED) {
      const d = ours?.get(field);
      const decision = mergeField(d?.base, old[field], row[field]);
      if (decision === 'take') taken.push(field);
      else if (decision === 'converged') confirmed.push({ customerId, field, value: row[field] });
      else if (decision === 'conflict')
        conflicts.push({
          customerId,
          field,
          base: d!.base,
          ours: old[field],
          theirs: row[field],
          divergence: d!,
        });
    }
    if (taken.length === 0) counts.rowsUnchanged++;
    else
      changes.push({
        customerId,
        version: old.version,
        fields: Object.fromEntries(taken.map((f) => [f, { old: old[f], new: row[f] }])),
      });
  }
  counts.rowsInserted += inserts.length;
  await bulk.write('customers', INSERT_COLUMNS, inserts);
  const { applied, refused } = await applyChanges(trx, changes, {
    source: { kind: 'load', ref: String(opts.batchId), userId: opts.userId },
    now: opts.now,
  });
  // the rows were read FOR UPDATE in this transaction: nobody can have changed them since
  if (refused.length > 0) throw new Error(`${refused.length} customers changed under the load's lock`);
  counts.rowsUpdated += applied.length;
  await recordConflicts(trx, conflicts, opts.batchId, opts.now);
  await confirmCorrections(trx, confirmed, opts.batchId, opts.now);
  counts.rowsConflicts += conflicts.length;
  counts.rowsConfirmed += confirmed.length;
  await clearMissing(trx, existingIds);
  if (ctx.hasRuns) {
    const inserted =
      inserts.length === 0
        ? []
        : await trx
            .selectFrom('customers')
            .select('id')
            .where(
              sql<boolean>`customer_no = any(${inserts.map((r) => r[TRACKED.length] as string)}::text[])`,
            )
            .execute();
    await revalidateCustomers(
      trx,
      [...inserted.map((r) => Number(r.id)), ...applied.map((a) => a.change.customerId)],
      opts.now,
    );
  }
}
