import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { masker, type Masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRegion, type Region } from '../auth/region.ts';
import { ensureDefaultRuleSet } from '../rule-sets/active.ts';
import { findActiveVersion } from '../rule-sets/queries.ts';
import * as fq from './findings.queries.ts';
import { createFindingsPartition } from './partitions.queries.ts';
import * as q from './queries.ts';
import type { FindingItem, FindingQuery, RunDto, RunSummary } from '@qingyuan/contract/validation';

export function toRunDto(r: q.RunRow, now: Date): RunDto {
  const started = r.started_at ? new Date(r.started_at) : null;
  const end = r.finished_at ? new Date(r.finished_at) : now;
  const seconds = started ? Math.max((end.getTime() - started.getTime()) / 1000, 0.001) : 0;
  const rate = started && r.rows_done > 0 ? Math.round(r.rows_done / seconds) : 0;
  const left = Math.max(r.rows_total - r.rows_done, 0);
  return {
    id: String(r.id),
    ruleSetVersion: r.rule_set_version,
    cityCode: r.city_code,
    countyCode: r.county_code,
    status: r.status,
    rowsTotal: r.rows_total,
    rowsDone: r.rows_done,
    rowsPerSecond: rate,
    etaSeconds: r.status === 'running' && rate > 0 ? Math.ceil(left / rate) : null,
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: started?.toISOString() ?? null,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    error: r.error,
    createdBy: r.created_by_name,
    findingsDroppedAt: r.findings_dropped_at ? new Date(r.findings_dropped_at).toISOString() : null,
  };
}

/** Which region a run covers: none = the caller's whole region; a city or county org code otherwise. */
async function resolveScope(db: Kysely<Database>, viewer: Principal, unitCode: string | undefined) {
  const unit = await resolveRegion(db, viewer, unitCode);
  if (unit.level === 'station')
    throw new AppError(
      'validation_failed',
      '请选择省、地市或县公司 / Choose the province, a city or a county',
    );
  return unit.region;
}

/** Queues a run over the region with the active rule set; the background runner executes it. */
export async function startRun(db: Db, viewer: Principal, now: Date, unitCode?: string): Promise<RunDto> {
  const scope = await resolveScope(db.kysely, viewer, unitCode);
  const id = await queueRun(db, scope, viewer.kind === 'user' ? viewer.id : null, now);
  return toRunDto((await q.findRun(db.kysely, id))!, now);
}

/** Queues a run; 409 conflict when one for the same region is queued or running. */
export async function queueRun(db: Db, scope: Region, createdBy: number | null, now: Date): Promise<number> {
  await ensureDefaultRuleSet(db, now);
  const version = (await findActiveVersion(db.kysely))!;
  const rowsTotal = await q.countCustomersInScope(db.kysely, scope);
  try {
    // The run and its findings partition commit together: no run is left without a place for its rows.
    return await db.kysely.transaction().execute(async (trx) => {
      const run = await q.insertRun(trx, { version, scope, rowsTotal, createdBy, now });
      await createFindingsPartition(trx, Number(run.id));
      return Number(run.id);
    });
  } catch (err) {
    if (/validation_runs_one_per_scope|unique/i.test(String(err))) {
      throw new AppError(
        'conflict',
        '该区域已有校验任务在排队或运行 / A run for this region is already queued or running',
      );
    }
    throw err;
  }
}

export async function listRuns(db: Kysely<Database>, viewer: Principal, now: Date) {
  return (await q.findRunsInScope(db, viewer, 100)).map((r) => toRunDto(r, now));
}

export async function getRun(
  db: Kysely<Database>,
  viewer: Principal,
  id: number,
  now: Date,
): Promise<RunDto> {
  const row = await q.findRunInScope(db, viewer, id);
  if (!row) throw notFound('校验任务', 'validation run');
  return toRunDto(row, now);
}

export async function getSummary(
  db: Kysely<Database>,
  viewer: Principal,
  id: number,
  level: fq.SummaryLevel,
  now: Date,
): Promise<RunSummary> {
  const run = await getRun(db, viewer, id, now);
  const [counts, units] = await Promise.all([
    fq.findFindingCounts(db, viewer, id, level),
    fq.findUnitScores(db, viewer, id, level),
  ]);
  return {
    run,
    level,
    counts: counts.map((c) => ({
      cityCode: c.city_code,
      countyCode: 'county_code' in c ? (c.county_code as string) : null,
      stationCode: 'station_code' in c ? (c.station_code as string) : null,
      field: c.field,
      ruleId: c.rule_id,
      severity: c.severity,
      customers: Number(c.customers),
      findings: Number(c.findings),
    })),
    units: units.map((u) => {
      const checked = Number(u.checked);
      const withError = Number(u.with_error);
      return {
        code: u.code,
        name: u.name,
        customersChecked: checked,
        customersWithError: withError,
        score: checked ? 1 - withError / checked : null,
      };
    }),
  };
}

const toFindingItem = (mask: Masker, r: fq.FindingListRow): FindingItem => ({
  id: String(r.id),
  customerId: String(r.customer_id),
  customerNo: r.customer_no,
  customerName: r.customer_name,
  cityCode: r.city_code,
  countyCode: r.county_code,
  stationCode: r.station_code,
  ruleId: r.rule_id,
  field: r.field,
  code: r.code,
  severity: r.severity,
  message: { zh: mask.text(r.message_zh), en: mask.text(r.message_en) },
  suggested: mask.field(r.field, r.suggested),
});

/** Refuses a run the viewer's region does not overlap (as not found: its id says nothing). */
export async function assertRunVisible(db: Kysely<Database>, viewer: Principal, id: number) {
  if (!(await q.findRunInScope(db, viewer, id))) throw notFound('校验任务', 'validation run');
}

/**
 * Refuses, in both languages, to list the findings of a run the retention pruned: its partition is
 * gone and a read would answer an empty list as if the run had found nothing.
 */
export async function assertFindingsKept(db: Kysely<Database>, viewer: Principal, id: number) {
  const run = await q.findRunInScope(db, viewer, id);
  if (!run) throw notFound('校验任务', 'validation run');
  if (run.findings_dropped_at)
    throw new AppError(
      'findings_pruned',
      '该任务的明细已按保留策略清理，按单位和规则的汇总仍保留 / ' +
        "This run's findings were pruned by the retention policy; its summary by unit and rule is kept",
      { findingsDroppedAt: new Date(run.findings_dropped_at).toISOString() },
    );
}

export async function listFindings(db: Kysely<Database>, viewer: Principal, id: number, query: FindingQuery) {
  await assertFindingsKept(db, viewer, id);
  const { page, pageSize, ...filter } = query;
  const { items, total } = await fq.findFindingPage(db, viewer, id, filter, page, pageSize);
  const mask = masker(viewer);
  return { items: items.map((r) => toFindingItem(mask, r)), total, page, pageSize };
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // A leading =, +, - or @ would be a formula in Excel: prefix a quote so it stays text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The run's findings in the caller's region as CSV (UTF-8 with BOM for Excel), streamed page by page. */
export function findingsCsv(db: Kysely<Database>, viewer: Principal, runId: number): Readable {
  const mask = masker(viewer);
  async function* lines() {
    yield (
      '\uFEFF' +
      [
        '户号 customer_no',
        '字段 field',
        '规则 rule_id',
        '级别 severity',
        '说明 message',
        'message',
        '建议值 suggested',
      ]
        .map(csvCell)
        .join(',') +
      '\n'
    );
    let after = 0;
    for (;;) {
      const page = await fq.findFindingsAfter(db, viewer, runId, after, 5_000);
      if (page.length === 0) return;
      yield page
        .map(
          (f) =>
            [
              f.customer_no,
              f.field,
              f.rule_id,
              f.severity,
              mask.text(f.message_zh),
              mask.text(f.message_en),
              mask.field(f.field, f.suggested),
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
