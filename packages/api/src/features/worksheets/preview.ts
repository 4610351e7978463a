// Step one of an import: read the upload (after the zip checks), judge every row against the
// customer it names, and store the verdicts. Nothing about customers changes here; the whole
// preview is one transaction, so a refused file leaves no trace but its refusal.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../config.ts';
import type { Cell, Db, Trx } from '../../db.ts';
import type { WorksheetRowOutcome } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { covers } from '../auth/region.ts';
import { chinaToday, getActiveRuleSetIn } from '../rule-sets/active.ts';
import { loadDivisions, toRecord } from '../validation/records.ts';
import { canTransition } from '../verification/states.ts';
import { getActiveCampaign, getStates } from '../verification/service.ts';
import { cellText } from './cells.ts';
import * as q from './queries.ts';
import { readUpload, type ParsedRow, type ReadMeta } from './read-upload.ts';
import { plannedChanges, readInputs, rowError, type RowError } from './row-check.ts';
import { COLUMNS } from './template.ts';
import { verifyToken, worksheetSecret } from './token.ts';
import { checkXlsxZip } from './zip-check.ts';

export interface PreviewOptions {
  fileName: string;
  now: Date;
}

export type UploadLimits = Pick<
  Config,
  'APP_SECRET' | 'WORKSHEET_MAX_ROWS' | 'WORKSHEET_MAX_UNZIPPED_MB' | 'WORKSHEET_MAX_ENTRIES'
>;

export async function previewUpload(
  db: Db,
  config: UploadLimits,
  principal: Principal,
  path: string,
  opts: PreviewOptions,
): Promise<number> {
  const { now } = opts;
  const contentHash = await hashFile(path);
  const dir = await mkdtemp(join(tmpdir(), 'qy-ws-read-'));
  try {
    const normalised = join(dir, 'normalised.xlsx');
    await checkXlsxZip(path, normalised, {
      maxEntries: config.WORKSHEET_MAX_ENTRIES,
      maxUncompressedBytes: config.WORKSHEET_MAX_UNZIPPED_MB * 1024 * 1024,
    });
    return await storePreview(db, config, principal, normalised, { ...opts, now, contentHash });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function storePreview(
  db: Db,
  config: UploadLimits,
  principal: Principal,
  path: string,
  opts: PreviewOptions & { now: Date; contentHash: string },
): Promise<number> {
  const { now, contentHash } = opts;
  const secret = await worksheetSecret(db.kysely, config.APP_SECRET, now);
  const campaign = await getActiveCampaign(db.kysely);
  return db.bulkTransaction(async (trx, bulk) => {
    const { id } = await q.insertUpload(trx, {
      userId: principal.kind === 'user' ? principal.id : null,
      cityCode: principal.region.cityCode ?? null,
      countyCode: principal.region.countyCode ?? null,
      fileName: opts.fileName,
      contentHash,
      headers: COLUMNS.map((c) => c.header),
      now,
    });
    const uploadId = Number(id);
    const ctx: JudgeContext = {
      trx,
      principal,
      secret,
      today: chinaToday(now),
      rules: await getActiveRuleSetIn(trx, now),
      divisions: await loadDivisions(trx),
      campaignId: campaign?.id ?? null,
      seen: new Map(),
    };
    const counts: Record<WorksheetRowOutcome, number> = {
      update: 0,
      unchanged: 0,
      conflict: 0,
      error: 0,
      blank: 0,
    };
    const meta: ReadMeta = { version: null, dataSheets: 0, rows: 0 };
    let seq = 0;
    for await (const batch of readUpload(path, { maxRows: config.WORKSHEET_MAX_ROWS }, meta)) {
      const judged = await judgeBatch(ctx, batch);
      const cells: Cell[][] = judged.map((j, i) => {
        counts[j.outcome]++;
        const row = batch[i]!;
        return [
          uploadId,
          ++seq,
          row.sheet,
          row.rowNo,
          j.customerId,
          j.exportId,
          j.version,
          j.rowHash,
          j.outcome,
          j.result,
          JSON.stringify(j.changes),
          j.current ? JSON.stringify(j.current) : null,
          JSON.stringify(j.errors),
          j.note,
          JSON.stringify(COLUMNS.map((c) => cellText(row.cells.get(c.key) ?? { kind: 'empty' }))),
        ];
      });
      await bulk.write('worksheet_upload_rows', q.UPLOAD_ROW_COLUMNS, cells);
    }
    await q.setUploadCounts(trx, uploadId, counts);
    return uploadId;
  });
}

interface JudgeContext {
  trx: Trx;
  principal: Principal;
  secret: string;
  today: string;
  rules: Awaited<ReturnType<typeof getActiveRuleSetIn>>;
  divisions: Awaited<ReturnType<typeof loadDivisions>>;
  campaignId: number | null;
  /** customer id → where it first appeared in this file */
  seen: Map<number, string>;
}

interface Judged {
  outcome: WorksheetRowOutcome;
  customerId: number | null;
  exportId: number | null;
  version: number | null;
  rowHash: string | null;
  result: string | null;
  changes: Record<string, { old: string; new: string }>;
  current: Record<string, string> | null;
  errors: RowError[];
  note: string | null;
}

async function judgeBatch(ctx: JudgeContext, batch: ParsedRow[]): Promise<Judged[]> {
  const tokens = batch.map((row) => {
    const cell = row.cells.get('token');
    const text = cell?.kind === 'text' ? cell.text : cell?.kind === 'number' ? String(cell.value) : '';
    return text ? verifyToken(ctx.secret, text) : null;
  });
  const ids = [...new Set(tokens.flatMap((t) => (t?.ok ? [t.token.customerId] : [])))];
  const exportIds = [...new Set(tokens.flatMap((t) => (t?.ok ? [t.token.exportId] : [])))];
  const [customers, exports, states] = await Promise.all([
    q.findCustomersForImport(ctx.trx, ids),
    q.findExports(ctx.trx, exportIds),
    ctx.campaignId === null ? new Map() : getStates(ctx.trx, ctx.campaignId, ids),
  ]);
  const customerById = new Map(customers.map((c) => [Number(c.id), c]));
  const exportById = new Map(exports.map((e) => [Number(e.id), e.status]));
  const inputs = batch.map((row) => {
    const errors: RowError[] = [];
    return { errors, input: readInputs(row.cells, row.rowNo, ctx.today, errors) };
  });
  const hashes = inputs.map((x) => rowHash(x.input));
  const markers = await q.findAppliedMarkers(
    ctx.trx,
    tokens.flatMap((t, i) =>
      t?.ok ? [{ exportId: t.token.exportId, customerId: t.token.customerId, rowHash: hashes[i]! }] : [],
    ),
  );
  const applied = new Map(
    markers.map((m) => [`${m.export_id}:${m.customer_id}:${m.row_hash}`, Number(m.upload_id)]),
  );

  return batch.map((row, i): Judged => {
    const { errors, input } = inputs[i]!;
    const token = tokens[i];
    const base: Judged = {
      outcome: 'error',
      customerId: null,
      exportId: null,
      version: null,
      rowHash: hashes[i]!,
      result: input.result,
      changes: {},
      current: null,
      errors,
      note: null,
    };
    if (!token) {
      if (!input.hasInput) return { ...base, outcome: 'blank', errors: [] };
      errors.push(
        rowError('token', '校验码为空，无法确定是哪一户；请勿删除或修改校验码', 'The check code is empty'),
      );
      return base;
    }
    if (!token.ok) {
      errors.push(
        token.reason === 'tampered'
          ? rowError(
              'token',
              '校验码被修改或不属于本系统，该行不能导入',
              'The check code was altered or is not ours',
            )
          : rowError(
              'token',
              '校验码格式不正确（应为 QY1. 开头），请勿修改校验码',
              'The check code is malformed',
            ),
      );
      return base;
    }
    const t = token.token;
    const customer = customerById.get(t.customerId);
    base.customerId = customer ? t.customerId : null;
    base.exportId = t.exportId;
    base.version = t.version;
    if (exportById.get(t.exportId) !== 'completed' || !customer) {
      errors.push(
        rowError('token', '校验码对应的导出记录或客户不存在', 'No export or customer matches the check code'),
      );
      return base;
    }
    if (!covers(ctx.principal.region, customer)) {
      errors.push(
        rowError('customerNo', '该客户不在您的管辖范围内，不能导入', 'This customer is outside your region'),
      );
      return { ...base, customerId: null };
    }
    const noCell = row.cells.get('customerNo');
    const no = noCell?.kind === 'text' ? noCell.text : noCell?.kind === 'number' ? String(noCell.value) : '';
    if (
      no &&
      no !== customer.customer_no &&
      no.replace(/^0+/, '') !== customer.customer_no.replace(/^0+/, '')
    )
      errors.push(
        rowError(
          'customerNo',
          `户号 ${no} 与校验码不符（校验码属于户号 ${customer.customer_no}），请勿在行间复制校验码`,
          `Customer no. ${no} does not match the check code (${customer.customer_no})`,
        ),
      );
    const where = `${row.sheet} 第 ${row.rowNo} 行`;
    const first = ctx.seen.get(t.customerId);
    if (first)
      errors.push(
        rowError(
          'customerNo',
          `同一户在文件中重复出现（首次出现在${first}）`,
          `The same customer appears twice (first at ${first})`,
        ),
      );
    else ctx.seen.set(t.customerId, where);
    if (!input.hasInput) return errors.length ? base : { ...base, outcome: 'blank' };
    const already = applied.get(`${t.exportId}:${t.customerId}:${hashes[i]}`);
    if (already !== undefined && errors.length === 0)
      return {
        ...base,
        outcome: 'unchanged',
        note: `已在第 ${already} 次上传中导入 / already imported in upload ${already}`,
      };
    const changes = plannedChanges(input, customer, toRecord(customer, ctx.divisions), ctx.rules, errors);
    if (errors.length) return { ...base, changes };
    if (customer.version !== t.version) {
      const current: Record<string, string> = {};
      for (const f of Object.keys(changes).length
        ? Object.keys(changes)
        : ['name', 'mobile', 'landline', 'address'])
        current[f] = String(customer[f as 'name']);
      return {
        ...base,
        outcome: 'conflict',
        changes,
        current,
        note: '导出后该户信息已被修改，本行未导入；请核对当前值后重新导出 / Changed since export: not applied',
      };
    }
    const state = states.get(t.customerId)?.state ?? 'not_started';
    const moves = input.result !== null && canTransition(state, input.result);
    if (Object.keys(changes).length === 0 && !moves)
      return { ...base, outcome: 'unchanged', note: '与系统现有信息一致 / same as the system' };
    return { ...base, outcome: 'update', changes };
  });
}

function rowHash(input: ReturnType<typeof readInputs>): string {
  const c = input.corrections;
  return createHash('sha256')
    .update(JSON.stringify([input.resultLabel, c.name, c.mobile, c.landline, c.address, input.verifiedOn]))
    .digest('base64url')
    .slice(0, 22);
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}
