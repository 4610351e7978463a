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
  type Divergence,
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
  /**
   * Runs between a chunk's unlocked read and the lock of the customers it will write (their
   * numbers): a test's window for a correction committed meanwhile. Nothing else sets it.
   */
  beforeLock?: (customerNos: string[]) => Promise<void>;
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
  const chunkSize = opts.chunkSize ?? 5_000;
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
    // the current row's cells, read by column through one closure made once (not one per row)
    let cells: string[] = [];
    const get = (c: CustomerColumn) => {
      const i = header.index.get(c);
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };

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
            cells = item.cells;
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
  // Read without locks: in a reload nearly every row equals what we hold, and locking them all
  // (FOR UPDATE writes a lock into every tuple) cost more than the reload's real work. Only the
  // customers the merge wants to write are then locked and merged again from what is committed
  // now, so a correction committed meanwhile is merged, never overwritten. A row judged unchanged
  // needs no lock: the load then simply comes before any correction committed after its read.
  const existing = isFirstLoad
    ? []
    : await findExisting(
        trx,
        chunk.map((r) => r.customer_no),
        false,
      );
  const byNo = new Map(existing.map((r) => [r.customer_no, r]));
  const existingIds = existing.map((r) => Number(r.id));
  const first = decide(chunk, byNo, await findDivergences(trx, existingIds));
  let merged = first;
  if (first.toWrite.length > 0) {
    await opts.beforeLock?.(first.toWrite.map((r) => r.customer_no));
    const locked = await findExisting(
      trx,
      first.toWrite.map((r) => r.customer_no),
      true,
    );
    const lockedByNo = new Map(locked.map((r) => [r.customer_no, r]));
    const again = decide(
      first.toWrite,
      lockedByNo,
      await findDivergences(
        trx,
        locked.map((r) => Number(r.id)),
      ),
    );
    // customers are never deleted (retention anonymises them in place): what we read is still there
    if (again.inserts.length > 0) throw new Error('customers vanished under the load');
    merged = {
      ...again,
      inserts: first.inserts,
      // the rows merged again are counted by that merge alone: of the first, only those left alone
      unchanged: chunk.length - first.inserts.length - first.toWrite.length + again.unchanged,
    };
  }
  const { inserts, changes, conflicts, confirmed } = merged;
  counts.rowsUnchanged += merged.unchanged;
  counts.rowsInserted += inserts.length;
  const at = opts.now.toISOString();
  await bulk.write(
    'customers',
    INSERT_COLUMNS,
    inserts.map((row) => {
      const station = stations.get(row.station_code)!;
      return [
        ...TRACKED.map((f) => row[f]),
        row.customer_no,
        station.county_code,
        station.city_code,
        opts.batchId,
        at,
        at,
      ];
    }),
  );
  const { applied, refused } = await applyChanges(trx, changes, {
    source: { kind: 'load', ref: String(opts.batchId), userId: opts.userId },
    now: opts.now,
  });
  // the rows to change were read FOR UPDATE in this transaction: nobody can have changed them since
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
            .where(sql<boolean>`customer_no = any(${inserts.map((r) => r.customer_no)}::text[])`)
            .execute();
    await revalidateCustomers(
      trx,
      [...inserted.map((r) => Number(r.id)), ...applied.map((a) => a.change.customerId)],
      opts.now,
    );
  }
}

type ExistingRow = Awaited<ReturnType<typeof findExisting>>[number];

/** The customers of these numbers as we hold them; `lock`: FOR UPDATE, to write them. */
function findExisting(trx: Trx, customerNos: readonly string[], lock: boolean) {
  const q = trx
    .selectFrom('customers')
    .select(['id', 'customer_no', 'version', ...TRACKED])
    .where(sql<boolean>`customer_no = any(${customerNos}::text[])`);
  return (lock ? q.forUpdate() : q).execute();
}

interface Merged {
  /** new customers: the COPY rows */
  inserts: CleanCustomer[];
  changes: CustomerChange[];
  conflicts: MergeConflict[];
  confirmed: { customerId: number; field: TrackedField; value: string }[];
  /** rows held already whose fields all stay as they are */
  unchanged: number;
  /** rows held already that need a write (a field taken, a conflict, a confirmation) */
  toWrite: CleanCustomer[];
}

/** The three-way merge of a chunk's rows over the customers as read (pure). */
function decide(
  rows: readonly CleanCustomer[],
  byNo: ReadonlyMap<string, ExistingRow>,
  divergences: ReadonlyMap<number, ReadonlyMap<string, Divergence>>,
): Merged {
  const out: Merged = { inserts: [], changes: [], conflicts: [], confirmed: [], unchanged: 0, toWrite: [] };
  for (const row of rows) {
    const old = byNo.get(row.customer_no);
    if (!old) {
      out.inserts.push(row);
      continue;
    }
    const customerId = Number(old.id);
    const ours = divergences.get(customerId);
    const taken: TrackedField[] = [];
    let writes = false;
    for (const field of TRACKED) {
      const d = ours?.get(field);
      const decision = mergeField(d?.base, old[field], row[field]);
      if (decision === 'take') taken.push(field);
      else if (decision === 'converged') {
        out.confirmed.push({ customerId, field, value: row[field] });
        writes = true;
      } else if (decision === 'conflict') {
        out.conflicts.push({
          customerId,
          field,
          base: d!.base,
          ours: old[field],
          theirs: row[field],
          divergence: d!,
        });
        writes = true;
      }
    }
    if (taken.length === 0) out.unchanged++;
    else
      out.changes.push({
        customerId,
        version: old.version,
        fields: Object.fromEntries(taken.map((f) => [f, { old: old[f], new: row[f] }])),
      });
    if (writes || taken.length > 0) out.toWrite.push(row);
  }
  return out;
}
