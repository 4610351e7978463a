// Step two: apply a previewed upload, all of it or nothing, in one transaction. Rows are re-checked
// against the locked customers (a change since the preview makes the row a conflict), corrections
// are written with their customer_changes, the verification states move, the changed customers
// are re-validated, and every applied row leaves a marker so the same file never applies twice.
import type { Cell, Db } from '../../db.ts';
import type { VerificationState } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import * as q from './queries.ts';

const PAGE = 5_000;
const CHANGE_COLUMNS = [
  'customer_id',
  'city_code',
  'field',
  'old_value',
  'new_value',
  'source',
  'batch_id',
  'user_id',
  'changed_at',
];
const MARKER_COLUMNS = ['export_id', 'customer_id', 'row_hash', 'upload_id', 'applied_at'];

export interface CommitResult {
  applied: number;
  conflicts: number;
  changedCustomers: number;
  alreadyCommitted: boolean;
}

export async function commitUpload(
  db: Db,
  principal: Principal,
  uploadId: number,
  now: Date,
): Promise<CommitResult> {
  const visible = await q.findUpload(db.kysely, principal, uploadId);
  if (!visible) throw new AppError('not_found', '未找到该上传记录 / Upload not found');
  const userId = principal.kind === 'user' ? principal.id : null;
  return db.bulkTransaction(async (trx, bulk) => {
    const upload = await q.lockUpload(trx, uploadId);
    if (!upload) throw new AppError('not_found', '未找到该上传记录 / Upload not found');
    if (upload.status === 'committed') {
      const done = await q.findUpload(trx, principal, uploadId);
      return {
        applied: done!.rows_applied,
        conflicts: done!.rows_conflict,
        changedCustomers: 0,
        alreadyCommitted: true,
      };
    }
    const campaign = await ensureActiveCampaign(trx, now, userId);
    const at = now.toISOString();
    const ref = String(uploadId);
    let applied = 0;
    let conflicts = visible.rows_conflict;
    let changedCustomers = 0;
    let skipped = 0;
    for (let after = 0; ;) {
      const rows = await q.findUploadRows(trx, uploadId, {
        outcomes: ['update'],
        afterSeq: after,
        limit: PAGE,
      });
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.seq;
      const locked = new Map(
        (
          await q.lockCustomers(
            trx,
            rows.map((r) => Number(r.customer_id)),
          )
        ).map((c) => [Number(c.id), c]),
      );
      // Another upload of the same rows may have been committed since this preview.
      const done = new Set(
        (
          await q.findAppliedMarkers(
            trx,
            rows.map((r) => ({
              exportId: Number(r.export_id),
              customerId: Number(r.customer_id),
              rowHash: r.row_hash!,
            })),
          )
        ).map((m) => `${m.export_id}:${m.customer_id}:${m.row_hash}`),
      );
      const stale: number[] = [];
      const already: number[] = [];
      const updates: Parameters<typeof q.updateCustomers>[1][number][] = [];
      const changes: Cell[][] = [];
      const markers: Cell[][] = [];
      const results: { customerId: number; state: VerificationState }[] = [];
      for (const row of rows) {
        const id = Number(row.customer_id);
        const current = locked.get(id);
        if (done.has(`${row.export_id}:${id}:${row.row_hash}`)) {
          already.push(row.seq);
          continue;
        }
        if (!current || current.version !== row.token_version) {
          stale.push(row.seq);
          continue;
        }
        const fields = Object.entries(row.changes);
        if (fields.length) {
          const next = { ...current, id, version: current.version };
          for (const [field, { new: v }] of fields) (next as Record<string, unknown>)[field] = v;
          updates.push(next);
          for (const [field, { old, new: v }] of fields)
            changes.push([id, current.city_code, field, old, v, 'worksheet', ref, userId, at]);
        }
        if (row.result) results.push({ customerId: id, state: row.result as VerificationState });
        markers.push([row.export_id, id, row.row_hash, uploadId, at]);
      }
      const written = await q.updateCustomers(trx, updates, now);
      if (written.length !== updates.length) throw new Error('customers changed under a held lock');
      await bulk.write('customer_changes', CHANGE_COLUMNS, changes);
      await bulk.write('worksheet_applied_rows', MARKER_COLUMNS, markers);
      await recordVerification(trx, {
        campaignId: campaign.id,
        source: 'worksheet',
        ref,
        userId,
        at: now,
        results,
      });
      await revalidateCustomers(trx, written, now);
      await q.markRows(
        trx,
        uploadId,
        already,
        'unchanged',
        '已由另一次上传导入 / already imported by another upload',
      );
      await q.markRows(
        trx,
        uploadId,
        stale,
        'conflict',
        '预览后该户信息已被修改，本行未导入 / Changed after the preview: not applied',
      );
      applied += markers.length;
      conflicts += stale.length;
      skipped += already.length;
      changedCustomers += written.length;
    }
    await q.finishUpload(
      trx,
      uploadId,
      applied,
      {
        conflict: conflicts,
        update: visible.rows_update - (conflicts - visible.rows_conflict) - skipped,
        unchanged: visible.rows_unchanged + skipped,
      },
      now,
    );
    return { applied, conflicts, changedCustomers, alreadyCommitted: false };
  });
}
