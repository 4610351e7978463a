// The export use case: resolve the scope, stream each station's customers (keyset pages) into
// workbooks, moving each page to in_field as it is read, and record the export, all in one
// transaction. Files are written into outDir; the caller sends or saves them and cleans up.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Db } from '../../db.ts';
import { masker, showsAnyFull } from '../auth/masking.ts';
import { recordAccess } from '../access-log/record.ts';
import type { Principal } from '../auth/principal.ts';
import { covers, regionOf } from '../auth/region.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { currentCampaign } from '../verification/service.ts';
import { dueParams } from '../monitoring/due-counts.ts';
import { REVERIFY_WHEN, resolveScope, type ResolvedScope } from './export-scope.ts';
import { readAhead } from './read-ahead.ts';
import type { SheetRow, WorkbookInfo } from './export-writer.ts';
import { createWriters, defaultWriterThreads, type SheetSink, type WorkbookWriters } from './writer-pool.ts';
import { findFlaggedCustomers } from '../sms/flags.ts';
import * as q from './queries.ts';
import type { ExportScope, StoredExportScope } from '@qingyuan/contract/worksheets';
import { notFound } from '../../errors.ts';
import { signToken, worksheetSecret } from './token.ts';

const PAGE = 5_000;
/** Pages read (and being read) before the writer takes them. */
const READ_AHEAD = 2;

export interface ExportResult {
  exportId: number;
  path: string;
  fileName: string;
  contentType: string;
  rows: number;
  stations: number;
  /** Worker threads that wrote the workbooks (0: this thread). */
  writerThreads: number;
}

export interface ExportOptions {
  outDir: string;
  secret?: string;
  now: Date;
  /** Worker threads writing the workbooks; 0 = this thread. Default: by the scope's size and the cores. */
  writerThreads?: number;
  /** Customers read (and moved to in_field) per statement; default 5,000. */
  pageSize?: number;
  /** what the access log names as the source: the route and address, or the CLI command */
  source?: { route: string; ip?: string | null };
  /** The label to file and print instead of the resolved one (a re-download keeps its original's). */
  label?: string;
}

/**
 * 重新下载: an earlier export made again from its stored scope — the same stations, customers and
 * layout, with today's values and check codes (the old file's codes still import), logged as a
 * new export. Visible only where the earlier one is (listExports' region cut).
 */
export async function reExportWorksheets(
  db: Db,
  principal: Principal,
  exportId: number,
  opts: ExportOptions,
) {
  const earlier = await q.findVisibleExport(db.kysely, principal, exportId);
  if (!earlier) throw notFound('导出记录', 'export');
  const stored = earlier.scope as StoredExportScope;
  const scope: ExportScope = {
    // the stations it resolved to (a pilot cut already applied), re-checked against the caller's region
    ...(stored.stationCodes?.length ? { stationCodes: stored.stationCodes } : { unitCode: stored.unitCode }),
    pilotOnly: false,
    findingsOnly: stored.findingsOnly ?? true,
    layout: stored.layout ?? 'sheets',
    ...(stored.deadline ? { deadline: stored.deadline } : {}),
  };
  const base = (stored.label ?? '').replace(/^重新下载：/, '');
  return exportWorksheets(db, principal, scope, { ...opts, label: base ? `重新下载：${base}` : undefined });
}

export async function exportWorksheets(
  db: Db,
  principal: Principal,
  scope: ExportScope,
  opts: ExportOptions,
): Promise<ExportResult> {
  const { now } = opts;
  const pageSize = opts.pageSize ?? PAGE;
  const found = await resolveScope(db.kysely, principal, scope);
  const resolved = opts.label ? { ...found, label: opts.label } : found;
  const secret = await worksheetSecret(db.kysely, opts.secret, now);
  const mask = masker(principal, { purpose: 'worksheet_export' });
  const userId = principal.kind === 'user' ? principal.id : null;
  const record = await q.insertExport(db.kysely, {
    userId,
    cityCode: resolved.region.cityCode ?? null,
    countyCode: resolved.region.countyCode ?? null,
    scope: { ...scope, label: resolved.label, stationCodes: resolved.stations.map((s) => s.code) },
    now,
  });
  const exportId = Number(record.id);
  const info: WorkbookInfo = {
    exportId,
    exportedAt: now,
    exportedBy: principal.name,
    scopeLabel: resolved.label,
    deadline: scope.deadline ?? chinaToday(new Date(now.getTime() + 14 * 86_400_000)),
    ...(scope.reverifyDue && {
      when: `${REVERIFY_WHEN}：本表为到期复核清单（联系信息上次核实已久、短信未送达或手机号多户共用），请在下次抄表或收费时顺带核实`,
    }),
  };
  const dueParamsNow = scope.reverifyDue ? await dueParams(db.kysely, now) : undefined;
  const day = chinaToday(now).replaceAll('-', '');
  try {
    const result = await db.kysely.transaction().execute(async (trx) => {
      // One transaction for the whole export: each page of customers is read and moved to
      // in_field in one statement, so the states vanish with the export if writing fails.
      // between cycles (a re-verification list after the campaign) nothing moves to in_field
      const campaign = await currentCampaign(trx, now, userId);
      const inField = campaign && {
        campaignId: campaign.id,
        source: 'worksheet_export' as const,
        ref: String(exportId),
        userId,
        at: now,
      };
      // The findings and flags of a page are read outside the transaction on PostgreSQL (another
      // connection of the pool, side by side with the next page); PGlite is one backend, where a
      // read outside the open transaction would wait for it to end.
      const reader = db.kind === 'postgres' ? db.kysely : trx;
      let rows = 0;
      // per station: what the 供电所进度 card counts the returned rows against
      const stationRows: Record<string, number> = {};
      const runs = await q.findLatestRuns(trx);
      const runOf = (s: q.StationRow) => runs.find((r) => covers(regionOf(r), s))?.id ?? null;
      // A page comes with its findings and flags. Pages are read ahead (read-ahead.ts): the
      // database works on the next ones while this one's rows are built and written.
      const fetchPage = async (station: q.StationRow, after: number) => {
        const runId = runOf(station);
        const page = await q.takeStationCustomerPage(
          trx,
          station,
          after,
          pageSize,
          scope.findingsOnly && !dueParamsNow ? runId : undefined,
          inField,
          dueParamsNow && { params: dueParamsNow, runId },
        );
        const ids = page.map((c) => c.id);
        const [findings, flags] = await Promise.all([
          runId === null ? [] : q.findFindingsFor(reader, runId, ids),
          findFlaggedCustomers(reader, { customerIds: ids }),
        ]);
        return { page, findings, flags };
      };
      const writeStation = async (sheet: SheetSink, station: q.StationRow) => {
        for (;;) {
          const got = await pages.take();
          if (got?.station !== station) throw new Error(`export: pages out of order at ${station.code}`);
          const { page, findings, flags } = got;
          const byCustomer = new Map<number, string[]>();
          const note = (customerId: number, text: string) => {
            const list = byCustomer.get(customerId) ?? [];
            list.push(mask.text(text));
            byCustomer.set(customerId, list);
          };
          for (const f of findings) note(Number(f.customer_id), f.message_zh);
          // the SMS and call checks' verdict on the number: the field team checks it on the visit
          for (const f of flags) note(f.customerId, `手机号${f.value}：${f.reason.split(' / ')[0]}`);
          rows += page.length;
          stationRows[station.code] = (stationRows[station.code] ?? 0) + page.length;
          if (page.length > 0) {
            await sheet.addRows(page.map((c) => sheetRow(c, station, byCustomer.get(c.id) ?? [])));
          }
          if (got.last) break;
        }
      };
      const sheetRow = (c: q.ExportCustomer, station: q.StationRow, list: string[]): SheetRow => ({
        customerNo: c.customer_no,
        name: c.name,
        mobile: mask.phone(c.mobile),
        landline: mask.phone(c.landline),
        address: c.address,
        certNo: mask.cert(c.cert_no),
        station: station.name,
        findings: list.length <= 1 ? (list[0] ?? '') : list.map((m, i) => `${i + 1}. ${m}`).join('\n'),
        token: signToken(secret, { exportId, customerId: c.id, version: c.version }),
      });

      const threads =
        opts.writerThreads ??
        defaultWriterThreads(
          await q.countStationCustomers(
            trx,
            resolved.stations.map((s) => s.code),
          ),
        );
      const writers = createWriters(threads);
      const pages = readAhead(resolved.stations, pageSize, READ_AHEAD, fetchPage);
      const file = await writeFiles(
        resolved,
        scope,
        info,
        opts.outDir,
        exportId,
        day,
        writers,
        writeStation,
      ).finally(() => Promise.all([writers.close(), pages.close()]));
      // on record in the export's own transaction: no file without its access-log row
      await recordAccess(trx, {
        ...(opts.source ?? { route: 'direct' }),
        at: now,
        actor: principal,
        action: 'export',
        scope: {
          exportId,
          label: resolved.label,
          stationCodes: resolved.stations.map((s) => s.code),
          findingsOnly: scope.findingsOnly ?? false,
          isMasked: !showsAnyFull(mask),
        },
        rowCount: rows,
        file: file.fileName,
      });
      await q.finishExport(trx, exportId, {
        status: 'completed',
        rows,
        stations: resolved.stations.length,
        fileName: file.fileName,
        campaignId: campaign?.id ?? null,
        stationRows,
        now,
      });
      return { ...file, rows, writerThreads: threads };
    });
    return { exportId, ...result, stations: resolved.stations.length };
  } catch (err) {
    await q.finishExport(db.kysely, exportId, {
      status: 'failed',
      rows: 0,
      stations: resolved.stations.length,
      fileName: '',
      campaignId: null,
      now,
    });
    throw err;
  }
}

/**
 * One workbook with a sheet per station, or one workbook per station zipped together. A station's
 * commits are not awaited before the next station is read (a writer thread may still be writing
 * it); the zip takes the workbooks in station order as they are done. A writer takes a
 * workbook's calls in order, and a failed call fails the workbook's commit.
 */
async function writeFiles(
  resolved: ResolvedScope,
  scope: ExportScope,
  info: WorkbookInfo,
  outDir: string,
  exportId: number,
  day: string,
  writers: WorkbookWriters,
  writeStation: (sheet: SheetSink, station: q.StationRow) => Promise<void>,
): Promise<{ path: string; fileName: string; contentType: string }> {
  const later = (p: Promise<void>) => {
    p.catch(() => {}); // awaited below; not an unhandled rejection meanwhile
    return p;
  };
  if (scope.layout === 'sheets' || resolved.stations.length === 1) {
    const only = resolved.stations.length === 1 ? resolved.stations[0]!.name : resolved.label;
    const path = join(outDir, `export-${exportId}.xlsx`);
    const wb = writers.open(path, info);
    for (const station of resolved.stations) {
      const sheet = wb.addSheet(station.name);
      await writeStation(sheet, station);
      later(sheet.commit()); // queued before the workbook's commit, which fails if it did
    }
    await wb.commit();
    return { path, fileName: `核实表_${safeName(only)}_${day}_${exportId}.xlsx`, contentType: XLSX };
  }
  const parts = join(outDir, `export-${exportId}`);
  await mkdir(parts, { recursive: true });
  const zip = new yazl.ZipFile();
  const path = join(outDir, `export-${exportId}.zip`);
  // yazl reports a part it cannot read (stat, open) on the ZipFile: fail the output with it
  zip.on('error', (err: Error) => (zip.outputStream as Readable).destroy(err));
  const zipped = later(pipeline(zip.outputStream, createWriteStream(path)));
  let zipping: Promise<void> = Promise.resolve();
  // once a station fails, the export fails: the workbooks still closing are not zipped (the
  // caller may already be removing their directory)
  let failed = false;
  try {
    for (const station of resolved.stations) {
      const part = join(parts, `${station.code}.xlsx`);
      const wb = writers.open(part, info);
      const sheet = wb.addSheet(station.name);
      await writeStation(sheet, station);
      later(sheet.commit()); // queued before the workbook's commit, which fails if it did
      const written = later(wb.commit());
      zipping = later(
        zipping.then(async () => {
          await written;
          if (failed) return;
          zip.addFile(part, `核实表_${safeName(station.name)}_${station.code}_${day}.xlsx`, {
            compress: false,
          });
        }),
      );
    }
  } catch (err) {
    failed = true;
    throw err;
  }
  await zipping;
  zip.end();
  await zipped;
  return {
    path,
    fileName: `核实表_${safeName(resolved.label)}_${day}_${exportId}.zip`,
    contentType: 'application/zip',
  };
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s（）()]+/g, '').slice(0, 40) || '核实表';
