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
import { cursorBatches } from '../../db/cursor.ts';
import type { Db } from '../../db.ts';
import { feedHorizon } from './horizon.ts';
import type { Masker } from './mask.ts';
import * as q from './queries.ts';
import { recordAccess, type AccessActor } from '../access-log/record.ts';

/** rows a cursor fetch brings: large enough to amortise the round trip, small enough to die young */
const BATCH = 5_000;

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
/** a formula start or a character CSV must quote: most cells have neither and pass as they are */
const NEEDS_CARE = /^[=+\-@\t\r]|[",\n\r]/;
export const csvCell = (v: string) => {
  if (!NEEDS_CARE.test(v)) return v;
  const safe = FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** Writes the change file to `path` (through a temporary name: a half file is never left there). */
export async function writeChangeFile(
  database: Db,
  path: string,
  opts: ChangeFileOptions,
): Promise<ChangeFileResult> {
  const db = database.kysely;
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
  let counted: { changes: number; customers: number };
  try {
    await sink.row(header);
    const writer = new RowWriter(fields, opts.mask, sink);
    // one pass over the selection in one snapshot: a COPY on PostgreSQL, a cursor on PGlite
    if (database.copyOut)
      await readByCopy(database.copyOut(q.fileChangesQuery(selection).compile(db)), writer);
    else
      await db
        .transaction()
        .execute((trx) => readByCursor(cursorBatches(trx, q.fileChangesQuery(selection), BATCH), writer));
    counted = await writer.end();
    await sink.end();
    await rename(tmp, path);
  } catch (err) {
    await sink.abort();
    await rm(tmp, { force: true });
    throw err;
  }
  const { changes, customers } = counted;
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

/**
 * Puts the selection's changes, arriving in (customer, id) order, into the file's rows: one row
 * per customer, each value through the viewer's masker, the latest change of a field winning.
 * `add` takes a change's values as they are read (no object per change): a promise only when the
 * file's buffer is being written out.
 */
class RowWriter {
  #changes = 0;
  #customers = 0;
  #customer: string | number | null = null;
  #ids = '';
  #unit: [string, string] = ['', ''];
  readonly #cells: string[];
  readonly #column: Map<string, number>;
  constructor(
    fields: readonly string[],
    private readonly mask: Masker,
    private readonly sink: Sink,
  ) {
    this.#cells = fields.map(() => '');
    this.#column = new Map(fields.map((f, i) => [f, i]));
  }

  add(
    customerId: string | number,
    id: string | number,
    customerNo: string,
    stationCode: string,
    field: string,
    value: string,
  ): Promise<void> | void {
    let written: Promise<void> | void = undefined;
    if (customerId !== this.#customer) {
      written = this.#flush();
      this.#customer = customerId;
      this.#ids = String(id);
      this.#unit = [customerNo, stationCode];
    } else this.#ids += ` ${id}`;
    this.#changes++;
    this.#cells[this.#column.get(field)!] = this.mask(field, value);
    return written;
  }

  async end(): Promise<{ changes: number; customers: number }> {
    await this.#flush();
    return { changes: this.#changes, customers: this.#customers };
  }

  #flush(): Promise<void> | void {
    if (this.#customer === null) return;
    this.#customers++;
    const row = [this.#ids, ...this.#unit, ...this.#cells];
    this.#cells.fill('');
    return this.sink.row(row);
  }
}

/** From cursor batches of row objects (PGlite). */
async function readByCursor(batches: AsyncIterable<q.FileChangeRow[]>, writer: RowWriter) {
  for await (const batch of batches)
    for (const r of batch) {
      const written = writer.add(r.customer_id, r.id, r.customer_no, r.station_code, r.field, r.new_value);
      if (written) await written;
    }
}

/**
 * From COPY text (PostgreSQL): each line is `id TAB customer_id TAB customer_no TAB station_code
 * TAB field TAB new_value`, cut with indexOf, never split into arrays or row objects — a million
 * row objects' garbage was a third of a million-change file's time. A line with a backslash has
 * COPY's escapes and is decoded.
 */
async function readByCopy(chunks: AsyncIterable<string>, writer: RowWriter) {
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + chunk;
    let start = 0;
    // the next backslash in the chunk, looked for again only once passed (not once per line)
    let slash = text.indexOf('\\');
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      let written: Promise<void> | void;
      if (slash !== -1 && slash < start) slash = text.indexOf('\\', start);
      if (slash !== -1 && slash < end) {
        const [id, customerId, no, station, field, value] = text.slice(start, end).split('\t').map(uncopy);
        written = writer.add(customerId!, id!, no!, station!, field!, value!);
      } else {
        const t1 = text.indexOf('\t', start);
        const t2 = text.indexOf('\t', t1 + 1);
        const t3 = text.indexOf('\t', t2 + 1);
        const t4 = text.indexOf('\t', t3 + 1);
        const t5 = text.indexOf('\t', t4 + 1);
        written = writer.add(
          text.slice(t1 + 1, t2),
          text.slice(start, t1),
          text.slice(t2 + 1, t3),
          text.slice(t3 + 1, t4),
          text.slice(t4 + 1, t5),
          text.slice(t5 + 1, end),
        );
      }
      if (written) await written;
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest !== '') throw new Error('the COPY output ended inside a line');
}

const COPY_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };
/** A field of COPY's text format as it was (COPY TO writes these escapes and `\\` for a backslash). */
const uncopy = (field: string) => field.replace(/\\(.)/g, (_, c: string) => COPY_ESCAPES[c] ?? c);

interface Sink {
  /** a promise when the caller must wait (the file is busy), else nothing */
  row(cells: string[]): Promise<void> | void;
  /** a line already formatted as CSV cells (CSV only) */
  line?(text: string): Promise<void> | void;
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
    row(cells) {
      buf += cells.map(csvCell).join(',') + '\r\n';
      if (buf.length > 1 << 16) return flush();
    },
    line(text) {
      buf += text + '\r\n';
      if (buf.length > 1 << 16) return flush();
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
