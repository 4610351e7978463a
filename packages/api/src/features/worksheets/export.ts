// The export use case: resolve the scope, stream each station's customers (keyset pages) into
// workbooks, then record the export and move the exported customers to in_field in one
// transaction. Files are written into outDir; the caller sends or saves them and cleans up.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import type { Db } from '../../db.ts';
import {
  maskCert,
  maskNumbersInText,
  maskPhone,
  seesFullCert,
  seesFullPhone,
  type Principal,
} from '../auth/principal.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { resolveScope } from './export-scope.ts';
import { WorksheetWorkbook, type DataSheet, type WorkbookInfo } from './export-writer.ts';
import * as q from './queries.ts';
import type { ExportScope } from './schemas.ts';
import { signToken, worksheetSecret } from './token.ts';

const PAGE = 5_000;
const STATE_CHUNK = 10_000;

export interface ExportResult {
  exportId: number;
  path: string;
  fileName: string;
  contentType: string;
  rows: number;
  stations: number;
}

export interface ExportOptions {
  outDir: string;
  secret?: string;
  now?: Date;
}

export async function exportWorksheets(
  db: Db,
  principal: Principal,
  scope: ExportScope,
  opts: ExportOptions,
): Promise<ExportResult> {
  const now = opts.now ?? new Date();
  const resolved = await resolveScope(db.kysely, principal, scope);
  const secret = await worksheetSecret(db.kysely, opts.secret);
  const userId = principal.kind === 'user' ? principal.id : null;
  const record = await q.insertExport(db.kysely, {
    userId,
    cityCode: resolved.cityCode,
    countyCode: resolved.countyCode,
    scope: { ...scope, label: resolved.label, stationCodes: resolved.stations.map((s) => s.code) },
  });
  const exportId = Number(record.id);
  const info: WorkbookInfo = {
    exportId,
    exportedAt: now,
    exportedBy: principal.name,
    scopeLabel: resolved.label,
    deadline: scope.deadline ?? chinaToday(new Date(now.getTime() + 14 * 86_400_000)),
  };
  const day = chinaToday(now).replaceAll('-', '');
  const customerIds: number[] = [];
  try {
    const runs = await q.findLatestRuns(db.kysely);
    const runOf = (s: q.StationRow) =>
      runs.find(
        (r) =>
          (!r.city_code || r.city_code === s.city_code) &&
          (!r.county_code || r.county_code === s.county_code),
      )?.id ?? null;
    const writeStation = async (sheet: DataSheet, station: q.StationRow) => {
      const runId = runOf(station);
      if (scope.findingsOnly && runId === null) return sheet.commit();
      for (let after = 0; ;) {
        const page = await q.findStationCustomerPage(
          db.kysely,
          station,
          after,
          PAGE,
          scope.findingsOnly ? runId : undefined,
        );
        if (page.length === 0) break;
        after = page[page.length - 1]!.id;
        const findings =
          runId === null
            ? []
            : await q.findFindingsFor(
                db.kysely,
                runId,
                page.map((c) => c.id),
              );
        const byCustomer = new Map<number, string[]>();
        for (const f of findings) {
          const list = byCustomer.get(Number(f.customer_id)) ?? [];
          list.push(maskNumbersInText(f.message_zh, principal));
          byCustomer.set(Number(f.customer_id), list);
        }
        for (const c of page) {
          const list = byCustomer.get(c.id) ?? [];
          sheet.addRow({
            customerNo: c.customer_no,
            name: c.name,
            mobile: seesFullPhone(principal) ? c.mobile : maskPhone(c.mobile),
            landline: seesFullPhone(principal) ? c.landline : maskPhone(c.landline),
            address: c.address,
            certNo: seesFullCert(principal) ? c.cert_no : maskCert(c.cert_no),
            station: station.name,
            findings: list.length <= 1 ? (list[0] ?? '') : list.map((m, i) => `${i + 1}. ${m}`).join('\n'),
            token: signToken(secret, { exportId, customerId: c.id, version: c.version }),
          });
          customerIds.push(c.id);
        }
      }
      await sheet.commit();
    };

    let fileName: string;
    let path: string;
    let contentType = XLSX;
    if (scope.layout === 'sheets' || resolved.stations.length === 1) {
      fileName = `核实表_${safeName(resolved.stations.length === 1 ? resolved.stations[0]!.name : resolved.label)}_${day}_${exportId}.xlsx`;
      path = join(opts.outDir, `export-${exportId}.xlsx`);
      const wb = new WorksheetWorkbook({ filename: path }, info);
      for (const station of resolved.stations) await writeStation(wb.addSheet(station.name), station);
      await wb.commit();
    } else {
      const parts = join(opts.outDir, `export-${exportId}`);
      await mkdir(parts, { recursive: true });
      const zip = new yazl.ZipFile();
      path = join(opts.outDir, `export-${exportId}.zip`);
      const zipped = pipeline(zip.outputStream, createWriteStream(path));
      for (const station of resolved.stations) {
        const part = join(parts, `${station.code}.xlsx`);
        const wb = new WorksheetWorkbook({ filename: part }, info);
        await writeStation(wb.addSheet(station.name), station);
        await wb.commit();
        zip.addFile(part, `核实表_${safeName(station.name)}_${station.code}_${day}.xlsx`, {
          compress: false,
        });
      }
      zip.end();
      await zipped;
      fileName = `核实表_${safeName(resolved.label)}_${day}_${exportId}.zip`;
      contentType = 'application/zip';
    }

    await db.kysely.transaction().execute(async (trx) => {
      const campaign = await ensureActiveCampaign(trx, userId);
      for (let i = 0; i < customerIds.length; i += STATE_CHUNK) {
        await recordVerification(trx, {
          campaignId: campaign.id,
          source: 'worksheet_export',
          ref: String(exportId),
          userId,
          results: customerIds
            .slice(i, i + STATE_CHUNK)
            .map((customerId) => ({ customerId, state: 'in_field' })),
        });
      }
      await q.finishExport(trx, exportId, {
        status: 'completed',
        rows: customerIds.length,
        stations: resolved.stations.length,
        fileName,
        campaignId: campaign.id,
      });
    });
    return {
      exportId,
      path,
      fileName,
      contentType,
      rows: customerIds.length,
      stations: resolved.stations.length,
    };
  } catch (err) {
    await q.finishExport(db.kysely, exportId, {
      status: 'failed',
      rows: 0,
      stations: resolved.stations.length,
      fileName: '',
      campaignId: null,
    });
    throw err;
  }
}

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const safeName = (s: string) => s.replace(/[\\/:*?"<>|\s（）()]+/g, '').slice(0, 40) || '核实表';
