// Step two: apply a previewed upload, all of it or nothing, in one transaction. Rows go through
// the customer write path at the version their sheet was exported at (a change since makes the
// row a conflict), corrections are written with their customer_changes, the verification states
// move, the changed customers are re-validated, and every applied row leaves a marker so the same
// file never applies twice.
import type { Cell, Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { isTrackedField } from '../customers/columns.ts';
import { currentCampaign } from '../verification/service.ts';
import { applyVerifiedRows, type VerifiedRow } from './apply-rows.ts';
import * as q from './queries.ts';
import type { ResultState } from './template.ts';
import { uploadStatus } from './service.ts';

const PAGE = 5_000;
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
    if (upload.status === 'discarded')
      throw new AppError(
        'conflict',
        '该预览已放弃，请重新上传 / This preview was discarded; upload the file again',
      );
    if (uploadStatus({ status: upload.status, created_at: visible.created_at }, now) === 'expired')
      throw new AppError(
        'conflict',
        '该预览已过期，请重新上传 / This preview has expired; upload the file again',
      );
    if (upload.status === 'committed') {
      const done = await q.findUpload(trx, principal, uploadId);
      return {
        applied: done!.rows_applied,
        conflicts: done!.rows_conflict,
        changedCustomers: 0,
        alreadyCommitted: true,
      };
    }
    const campaign = await currentCampaign(trx, now, userId);
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
      const already: number[] = [];
      const pending: (VerifiedRow & { row: (typeof rows)[number] })[] = [];
      for (const row of rows) {
        if (done.has(`${row.export_id}:${row.customer_id}:${row.row_hash}`)) already.push(row.seq);
        // A row without corrections (a confirmation) goes through too: it holds only while the
        // customer is still what the field team saw.
        else
          pending.push({
            row,
            customerId: Number(row.customer_id),
            version: row.token_version ?? -1,
            fields: Object.fromEntries(Object.entries(row.changes).filter(([f]) => isTrackedField(f))),
            result: (row.result as ResultState | null) ?? null,
          });
      }
      const outcome = await applyVerifiedRows(trx, pending, {
        campaignId: campaign?.id ?? null,
        ref,
        userId,
        now,
      });
      const stale = outcome.stale.map((r) => r.row.seq);
      const written = outcome.written;
      const markers: Cell[][] = outcome.applied.map(({ change }) => [
        change.row.export_id,
        change.customerId,
        change.row.row_hash,
        uploadId,
        at,
      ]);
      await bulk.write('worksheet_applied_rows', MARKER_COLUMNS, markers);
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
