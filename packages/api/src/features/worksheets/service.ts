// The worksheets use cases the routes and the CLI call: history, one upload and its rows.
import type { Kysely } from 'kysely';
import type { Database, WorksheetRowOutcome } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import * as q from './queries.ts';
import type { StoredExportScope, UploadRowDto, UploadSummary } from '@qingyuan/contract/worksheets';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A preview nobody committed or discarded stops being committable after this long. */
export const PREVIEW_TTL_MS = 24 * 3600 * 1000;

/** previewed, or expired once its time is up (decided from the clock, no job sweeps it). */
export function uploadStatus(row: Pick<q.UploadRow, 'status' | 'created_at'>, now: Date) {
  if (row.status !== 'previewed') return row.status;
  return now.getTime() >= new Date(row.created_at).getTime() + PREVIEW_TTL_MS ? 'expired' : 'previewed';
}

export async function toUploadSummary(
  db: Kysely<Database>,
  row: q.UploadRow,
  now: Date,
): Promise<UploadSummary> {
  const earlier = await q.findCommittedByHash(db, row.content_hash);
  const status = uploadStatus(row, now);
  const duplicate =
    earlier && Number(earlier.id) !== Number(row.id)
      ? {
          id: String(earlier.id),
          fileName: earlier.file_name,
          createdAt: iso(earlier.created_at)!,
          committedAt: iso(earlier.committed_at),
          userName: earlier.user_name,
        }
      : null;
  return {
    id: String(row.id),
    fileName: row.file_name,
    status,
    rowsTotal: row.rows_total,
    rowsUpdate: row.rows_update,
    rowsUnchanged: row.rows_unchanged,
    rowsConflict: row.rows_conflict,
    rowsError: row.rows_error,
    rowsBlank: row.rows_blank,
    rowsApplied: row.rows_applied,
    createdAt: iso(row.created_at)!,
    committedAt: iso(row.committed_at),
    userName: row.user_name,
    duplicateOf: duplicate?.id ?? null,
    duplicate,
    expiresAt:
      status === 'previewed'
        ? new Date(new Date(row.created_at).getTime() + PREVIEW_TTL_MS).toISOString()
        : null,
  };
}

export async function getUpload(db: Kysely<Database>, principal: Principal, id: number) {
  const row = await q.findUpload(db, principal, id);
  if (!row) throw new AppError('not_found', '未找到该上传记录 / Upload not found');
  return row;
}

export async function getUploadSummary(db: Kysely<Database>, principal: Principal, id: number, now: Date) {
  return toUploadSummary(db, await getUpload(db, principal, id), now);
}

export async function listUploadSummaries(db: Kysely<Database>, principal: Principal, now: Date) {
  const rows = await q.listUploads(db, principal);
  return Promise.all(rows.map((r) => toUploadSummary(db, r, now)));
}

/** Throws the preview away (the drop zone is free again); a committed upload cannot be. */
export async function discardUpload(db: Kysely<Database>, principal: Principal, id: number, now: Date) {
  const row = await getUpload(db, principal, id);
  if (row.status === 'discarded') return;
  if (!(await q.discardUpload(db, id, now)))
    throw new AppError(
      'conflict',
      '该上传已提交，不能放弃 / This upload is committed and cannot be discarded',
    );
}

export async function listExportSummaries(db: Kysely<Database>, principal: Principal) {
  const rows = await q.listExports(db, principal);
  return rows.map((r) => ({
    id: String(r.id),
    status: r.status,
    rows: r.rows,
    stations: r.stations,
    fileName: r.file_name,
    // written only by exportWorksheets; the response schema checks it on the way out
    scope: r.scope as StoredExportScope,
    createdAt: iso(r.created_at)!,
    userName: r.user_name,
  }));
}

export async function listUploadRows(
  db: Kysely<Database>,
  principal: Principal,
  id: number,
  opts: { outcomes?: WorksheetRowOutcome[]; afterSeq?: number; limit: number },
): Promise<{ items: UploadRowDto[]; total: number }> {
  await getUpload(db, principal, id);
  const [rows, total] = await Promise.all([
    q.findUploadRows(db, id, opts),
    q.countUploadRows(db, id, opts.outcomes),
  ]);
  return {
    total,
    items: rows.map((r) => ({
      seq: r.seq,
      sheet: r.sheet,
      rowNo: r.row_no,
      customerNo: r.raw[0] ?? '',
      outcome: r.outcome,
      result: r.result,
      changes: maskValues(principal, r.changes),
      currentValues: r.current_values && maskValues(principal, r.current_values),
      errors: r.errors,
      note: r.note,
    })),
  };
}

export async function listUnits(db: Kysely<Database>, principal: Principal) {
  const rows = await q.findUnitsInScope(db, principal);
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level as 'city' | 'county' | 'station',
    parentCode: r.parent_code,
  }));
}

/** Phone and ID numbers in a row's values, masked for roles that may not see them in full. */
function maskValues<T extends string | { old: string; new: string }>(
  principal: Principal,
  values: Record<string, T>,
): Record<string, T> {
  const m = masker(principal);
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [
      k,
      typeof v === 'string' ? m.field(k, v) : { old: m.field(k, v.old), new: m.field(k, v.new) },
    ]),
  ) as Record<string, T>;
}
