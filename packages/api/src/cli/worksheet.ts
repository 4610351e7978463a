// `pnpm cli worksheet export|import|commit`: thin wrappers over the worksheet services. Without
// --user the CLI acts as the province (admin, no region); with --user it acts as that user, with
// their role's masking and region.
import { stopwatch, systemClock } from '../clock.ts';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import type { Db } from '../db.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE } from '../features/auth/region.ts';
import { commitUpload } from '../features/worksheets/commit.ts';
import { exportWorksheets } from '../features/worksheets/export.ts';
import { previewUpload } from '../features/worksheets/preview.ts';
import { ExportScopeSchema } from '@qingyuan/contract/worksheets';
import { getUploadSummary, listUploadRows } from '../features/worksheets/service.ts';

export const WORKSHEET_HELP = `  pnpm cli worksheet export [--unit CODE] [--stations A,B] [--pilot] [--all] [--layout sheets|workbooks]
                            [--deadline YYYY-MM-DD] [--user U] --out FILE
                                                    field-verification worksheets (xlsx, or zip of one per station)
  pnpm cli worksheet import FILE [--user U]          check an upload: preview per row (nothing applied yet)
  pnpm cli worksheet commit --upload ID [--user U]   apply a previewed upload (atomic; again = no change)`;

const cwd = () => process.env.INIT_CWD ?? process.cwd();

async function principalFor(db: Db, username: string | undefined): Promise<Principal> {
  if (!username)
    return {
      kind: 'token',
      id: 0,
      username: 'cli',
      name: '命令行',
      role: 'admin',
      region: PROVINCE,
    };
  const u = await db.kysely
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirst();
  if (!u || !u.is_active) throw new Error(`no active user ${username}`);
  return {
    kind: 'user',
    id: u.id,
    username: u.username,
    name: u.display_name,
    role: u.role,
    region: { cityCode: u.city_code, countyCode: u.county_code },
  };
}

export async function worksheetCommand(db: Db, sub: string | undefined, args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      user: { type: 'string' },
      unit: { type: 'string' },
      stations: { type: 'string' },
      pilot: { type: 'boolean' },
      all: { type: 'boolean' },
      layout: { type: 'string' },
      deadline: { type: 'string' },
      out: { type: 'string' },
      upload: { type: 'string' },
    },
  });
  const principal = await principalFor(db, values.user);
  const config = loadConfig();
  if (sub === 'export') {
    if (!values.out) throw new Error('usage: pnpm cli worksheet export … --out FILE');
    const scope = ExportScopeSchema.parse({
      unitCode: values.unit,
      stationCodes: values.stations?.split(',').filter(Boolean),
      pilotOnly: values.pilot ?? false,
      findingsOnly: !values.all,
      layout: values.layout ?? 'sheets',
      deadline: values.deadline,
    });
    const dir = await mkdtemp(join(tmpdir(), 'qy-export-'));
    try {
      const elapsed = stopwatch();
      const out = await exportWorksheets(db, principal, scope, {
        outDir: dir,
        secret: config.APP_SECRET,
        now: systemClock(),
        source: { route: 'cli worksheet export' },
      });
      const target = resolve(cwd(), values.out);
      await copyFile(out.path, target);
      console.log(
        `导出 export ${out.exportId}: ${out.rows} 户 customers, ${out.stations} 个供电所 stations → ${target} (${out.fileName}) — ${elapsed().toFixed(1)} s`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    return;
  }
  if (sub === 'import') {
    const file = positionals[0];
    if (!file) throw new Error('usage: pnpm cli worksheet import FILE [--user U]');
    const path = resolve(cwd(), file);
    const now = systemClock();
    const id = await previewUpload(db, config, principal, path, { fileName: basename(path), now });
    const s = await getUploadSummary(db.kysely, principal, id, now);
    console.log(
      `上传 upload ${s.id}: 共 ${s.rowsTotal} 行 — 将更新 update ${s.rowsUpdate}, 无变化 unchanged ${s.rowsUnchanged}, 冲突 conflict ${s.rowsConflict}, 错误 error ${s.rowsError}, 未填写 blank ${s.rowsBlank}`,
    );
    if (s.duplicateOf)
      console.log(
        `注意 / note: 同一文件已在上传 ${s.duplicateOf} 中导入 (same file as upload ${s.duplicateOf})`,
      );
    const bad = await listUploadRows(db.kysely, principal, id, {
      outcomes: ['error', 'conflict'],
      limit: 20,
    });
    for (const r of bad.items)
      console.log(
        `  ${r.sheet} 第 ${r.rowNo} 行 ${r.customerNo}: ${r.outcome === 'error' ? r.errors.map((e) => `[${e.column}] ${e.zh}`).join('; ') : r.note}`,
      );
    if (bad.total > bad.items.length) console.log(`  … 另有 ${bad.total - bad.items.length} 行 / more rows`);
    console.log(`确认无误后执行 / to apply: pnpm cli worksheet commit --upload ${s.id}`);
    return;
  }
  if (sub === 'commit') {
    const id = Number(values.upload);
    if (!Number.isInteger(id) || id <= 0) throw new Error('usage: pnpm cli worksheet commit --upload ID');
    const r = await commitUpload(db, principal, id, systemClock());
    console.log(
      r.alreadyCommitted
        ? `上传 ${id} 已导入过，未做任何修改 / upload ${id} was already committed: nothing changed`
        : `上传 ${id} 已导入 / committed: ${r.applied} 行 rows applied, ${r.changedCustomers} 户 customers changed, ${r.conflicts} 行冲突 conflicts`,
    );
    return;
  }
  throw new Error(`usage:\n${WORKSHEET_HELP}`);
}
