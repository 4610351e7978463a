import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Coordination } from '../../db/coordination.ts';
import type { LoadBatch } from '@qingyuan/contract/loads';
import type { Database, LoadKind, LoadMode } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Masker } from '../auth/masking.ts';
import { loadCustomers, type LoadCounts } from './customers-loader.ts';
import { loadOrgUnits } from './org-loader.ts';
import { openTable, type Table } from './parse.ts';
import type { ZipLimits } from '../worksheets/zip-check.ts';

export type LoadBatchDto = LoadBatch;

/**
 * Loads one file. The batch is recorded first (so even a refused file leaves a trace), then the
 * rows are loaded in one transaction. A file-level problem (not a table, missing columns) marks
 * the batch failed and is thrown as an AppError; row-level problems are counted and kept.
 */
export interface RunLoadOptions {
  kind: LoadKind;
  /** The file on disk, and the name the user gave it. */
  path: string;
  fileName: string;
  userId: number | null;
  /** full (default) or delta: a full extract marks the customers it lacks missing from the source */
  mode?: LoadMode;
  /** The batch's time: its start, and the time of every row it writes. */
  now: Date;
  onProgress?: (rows: number) => void;
  /** xlsx only: refused beyond these (default: parse.ts DEFAULT_XLSX_LIMITS) */
  xlsxLimits?: ZipLimits;
}

export async function runLoad(
  db: Db,
  { kind, path, fileName, userId, now, onProgress, xlsxLimits, mode = 'full' }: RunLoadOptions,
): Promise<{ batch: LoadBatchDto; counts: LoadCounts }> {
  const { id: batchId } = await db.kysely
    .insertInto('load_batches')
    .values({ kind, file_name: fileName.slice(0, 255), user_id: userId, started_at: now, mode })
    .returning('id')
    .executeTakeFirstOrThrow();
  // held while loading: a process starting meanwhile sees the batch is alive, not cut off
  const lease = await db.coordination.tryLock(batchLock(batchId));
  let table: Table | undefined;
  try {
    table = await openTable(path, xlsxLimits);
    const opts = { batchId, userId, now, onProgress, mode };
    const counts =
      kind === 'customers' ? await loadCustomers(db, table, opts) : await loadOrgUnits(db, table, opts);
    return { batch: await getBatch(db.kysely, batchId), counts };
  } catch (err) {
    const message =
      err instanceof AppError ? err.message : `导入中断 / Load aborted: ${(err as Error).message}`;
    await db.kysely
      .updateTable('load_batches')
      .set({ status: 'failed', finished_at: now, error_message: message })
      .where('id', '=', batchId)
      .execute();
    throw err;
  } finally {
    await table?.close().catch(() => undefined);
    await lease?.release().catch(() => undefined);
  }
}

/**
 * A batch still 'running' when a process starts was cut off by a crash: its transaction rolled
 * back. With `coordination` (several processes on one database), a batch whose lock another
 * process still holds is loading there right now, and is left alone.
 */
export async function failInterruptedBatches(db: Kysely<Database>, now: Date, coordination?: Coordination) {
  const running = await db.selectFrom('load_batches').select('id').where('status', '=', 'running').execute();
  for (const { id } of running) {
    const lease = coordination ? await coordination.tryLock(batchLock(id)) : undefined;
    if (coordination && !lease) continue;
    try {
      await db
        .updateTable('load_batches')
        .set({
          status: 'failed',
          finished_at: now,
          error_message: '进程中断，本批次未导入任何数据 / Interrupted: nothing of this batch was loaded',
        })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
    } finally {
      await lease?.release();
    }
  }
}

const batchLock = (id: number) => `load-batch:${id}`;

function batchQuery(db: Kysely<Database>) {
  return db
    .selectFrom('load_batches as b')
    .leftJoin('users as u', 'u.id', 'b.user_id')
    .selectAll('b')
    .select('u.display_name as user_name');
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchQuery>['executeTakeFirstOrThrow']>>;

function toBatchDto(r: BatchRow): LoadBatchDto {
  return {
    id: String(r.id),
    kind: r.kind,
    fileName: r.file_name,
    status: r.status,
    rowsTotal: r.rows_total,
    rowsLoaded: r.rows_loaded,
    rowsRejected: r.rows_rejected,
    rowsInserted: r.rows_inserted,
    rowsUpdated: r.rows_updated,
    rowsUnchanged: r.rows_unchanged,
    mode: r.mode,
    rowsConflicts: r.rows_conflicts,
    rowsConfirmed: r.rows_confirmed,
    rowsMissing: r.rows_missing,
    errorMessage: r.error_message,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    userName: r.user_name,
  };
}

export async function getBatch(db: Kysely<Database>, id: number): Promise<LoadBatchDto> {
  const row = await batchQuery(db).where('b.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('导入批次', 'load batch');
  return toBatchDto(row);
}

export async function listBatches(db: Kysely<Database>, limit = 100): Promise<LoadBatchDto[]> {
  return (await batchQuery(db).orderBy('b.id', 'desc').limit(limit).execute()).map(toBatchDto);
}

const csvCell = (v: string | number) => {
  const s = String(v);
  // A leading =, +, - or @ would be a formula in Excel: prefix a quote so it stays text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The batch's rejected rows as a CSV for Excel (UTF-8 with BOM), streamed page by page. */
export function errorCsv(db: Kysely<Database>, batchId: number, mask: Masker): Readable {
  async function* lines() {
    yield (
      '\uFEFF' +
      ['行号 row', '列 column', '错误代码 code', '原因', 'reason', '原始内容 raw'].map(csvCell).join(',') +
      '\n'
    );
    let after = 0;
    for (;;) {
      const page = await db
        .selectFrom('load_errors')
        .select(['id', 'row_no', 'column_name', 'code', 'reason_zh', 'reason_en', 'raw'])
        .where('batch_id', '=', batchId)
        .where('id', '>', after)
        .orderBy('id')
        .limit(5_000)
        .execute();
      if (page.length === 0) return;
      yield page
        .map(
          (e) =>
            [
              e.row_no,
              e.column_name,
              e.code,
              mask.text(e.reason_zh),
              mask.text(e.reason_en),
              mask.text(e.raw),
            ]
              .map(csvCell)
              .join(',') + '\n',
        )
        .join('');
      after = page[page.length - 1]!.id;
    }
  }
  return Readable.from(lines());
}
