// The change file for the marketing system's batch import: one row per customer — 变更编号 (the
// change ids, for the acknowledgement), 户号, 供电单位编码 and the changed columns with Chinese
// headers (a blank cell: that field is not changed). CSV is UTF-8 with BOM; xlsx is written with
// exceljs's streaming writer. Values a spreadsheet would take for a formula are guarded, as in the
// other exports. The file lists the pending changes no export covered yet (or, with `afterId`,
// every pending change after that id) up to the feed's horizon; once written it is recorded as an
// export, so the next file starts after it. A crash before that leaves nothing recorded.
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Region } from '../auth/region.ts';
import { TRACKED_FIELDS } from '../customers/columns.ts';
import { CUSTOMER_COLUMNS } from '../loads/columns.ts';
import { safeText } from '../worksheets/cells.ts';
import { feedHorizon } from './horizon.ts';
import type { Masker } from './mask.ts';
import * as q from './queries.ts';
import { recordAccess, type AccessActor } from '../access-log/record.ts';

const PAGE = 20_000;

export interface ChangeFileOptions {
  region: Region;
  afterId?: number;
  format: 'csv' | 'xlsx';
  mask: Masker;
  userId: number | null;
  tokenId: number | null;
  now: Date;
  /** who downloads it, for the access log (the CLI's operator file is not a download) */
  access?: { actor: AccessActor; route: string; ip?: string | null; file: string };
}

export interface ChangeFileResult {
  exportId: number | null;
  changes: number;
  customers: number;
  throughId: number;
}

const FORMULA_START = /^[=+\-@\t\r]/;
export const csvCell = (v: string) => {
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Writes the change file to `path` (through a temporary name: a half file is never left there). */
export async function writeChangeFile(
  db: Kysely<Database>,
  path: string,
  opts: ChangeFileOptions,
): Promise<ChangeFileResult> {
  const throughId = await feedHorizon(db);
  const selection: q.Selection = {
    region: opts.region,
    throughId,
    afterId: opts.afterId,
    exported: opts.afterId === undefined ? await q.findOpenExportRanges(db) : [],
  };
  const present = new Set(await q.findSelectionFields(db, selection));
  const fields = TRACKED_FIELDS.filter((f) => present.has(f));
  const header = ['变更编号', '户号', '供电单位编码', ...fields.map((f) => CUSTOMER_COLUMNS[f][1])];
  const tmp = `${path}.part`;
  const sink = opts.format === 'csv' ? csvSink(tmp) : xlsxSink(tmp);
  let changes = 0;
  let customers = 0;
  // one customer's changes, gathered until the next customer's first row (pages may split them)
  let group: q.FileChangeRow[] = [];
  const flush = async () => {
    if (group.length === 0) return;
    const first = group[0]!;
    const values = new Map<string, string>();
    for (const r of group) values.set(r.field, r.new_value); // in id order: the latest wins
    customers++;
    changes += group.length;
    await sink.row([
      group.map((r) => r.id).join(' '),
      first.customer_no,
      first.station_code,
      ...fields.map((f) => {
        const v = values.get(f);
        return v === undefined ? '' : opts.mask(f, v);
      }),
    ]);
    group = [];
  };
  try {
    await sink.row(header);
    for (let after = { customerId: 0, id: 0 }; ;) {
      const page = await q.findFileChangesPage(db, selection, after, PAGE);
      for (const r of page) {
        if (group.length > 0 && group[0]!.customer_id !== r.customer_id) await flush();
        group.push(r);
      }
      if (page.length < PAGE) break;
      const last = page[page.length - 1]!;
      after = { customerId: last.customer_id, id: last.id };
    }
    await flush();
    await sink.end();
    await rename(tmp, path);
  } catch (err) {
    await sink.abort();
    await rm(tmp, { force: true });
    throw err;
  }
  // the export range and its access-log row commit together, or the file is not handed out
  const exportId = await db.transaction().execute(async (trx) => {
    const id =
      changes === 0
        ? null
        : await q.insertExport(trx, {
            region: opts.region,
            afterId: opts.afterId ?? 0,
            throughId,
            changes,
            customers,
            format: opts.format,
            userId: opts.userId,
            tokenId: opts.tokenId,
            now: opts.now,
          });
    if (opts.access)
      await recordAccess(trx, {
        ...opts.access,
        at: opts.now,
        action: 'download',
        scope: {
          kind: 'change_file',
          ...opts.region,
          afterId: opts.afterId ?? null,
          throughId,
          exportId: id,
        },
        rowCount: changes,
      });
    return id;
  });
  return { exportId, changes, customers, throughId };
}

interface Sink {
  row(cells: string[]): Promise<void>;
  end(): Promise<void>;
  abort(): Promise<void>;
}

function csvSink(path: string): Sink {
  const out: WriteStream = createWriteStream(path);
  let buf = '\uFEFF';
  const flush = async () => {
    if (!out.write(buf)) await once(out, 'drain');
    buf = '';
  };
  return {
    async row(cells) {
      buf += cells.map(csvCell).join(',') + '\r\n';
      if (buf.length > 1 << 16) await flush();
    },
    async end() {
      await flush();
      out.end();
      await once(out, 'finish');
    },
    async abort() {
      out.destroy();
    },
  };
}

function xlsxSink(path: string): Sink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  const ws = wb.addWorksheet('变更 changes', { views: [{ state: 'frozen', ySplit: 1 }] });
  let first = true;
  return {
    async row(cells) {
      const r = ws.addRow(cells.map((c) => (c === '' ? undefined : safeText(c))));
      if (first) r.font = { bold: true };
      first = false;
      r.commit();
    },
    async end() {
      ws.commit();
      await wb.commit();
    },
    async abort() {
      await wb.commit().catch(() => undefined);
    },
  };
}
