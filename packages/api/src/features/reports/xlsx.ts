// Weekly / monthly report as an xlsx workbook: progress table, ranking, evaluation scores and the
// data behind the dashboard's charts — all from stored snapshots, cut to the viewer's region.
import ExcelJS from 'exceljs';
import { label, type LabelGroup } from '@qingyuan/contract/labels';
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, PeriodKind } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';
import { shownCampaignId } from '../campaign/cycles.ts';
import * as q from './queries.ts';
import { writtenBackPct } from './weekly.ts';

// the words of the pages (one formatting layer): 地市公司, 试点开展, 黄灯
const zh = (group: LabelGroup, value: string | null) => (value ? label(group, value, 'zh-CN') : '');

const trendRows = (
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  upTo: string,
  viewer: Principal,
) =>
  inRegion(
    db
      .selectFrom('progress_snapshots as p')
      .innerJoin('org_units as o', 'o.code', 'p.unit_code')
      .select(['p.period_key', 'p.unit_code', 'o.name', 'p.completion_pct', 'p.expected_pct'])
      .where('p.campaign_id', '=', campaignId)
      .where('p.period_kind', '=', kind)
      .where('p.period_key', '<=', upTo)
      .where('p.level', '=', viewer.region.cityCode ? 'county' : 'city'),
    viewer.region,
    'p',
  )
    .orderBy('p.period_key')
    .orderBy('p.unit_code')
    .execute();

export async function buildReportWorkbook(
  db: Db,
  viewer: Principal,
  kind: PeriodKind,
  period: string | undefined,
  now: Date,
) {
  const campaign = await db.kysely
    .selectFrom('campaigns')
    .select(['id', 'name'])
    .where('id', '=', await shownCampaignId(db, now))
    .executeTakeFirstOrThrow();
  const key = period ?? (await q.findLatestPeriodKey(db.reader, campaign.id, kind));
  if (!key) throw new AppError('not_found', '尚无该周期的快照 / No snapshot for this period yet');
  const [units, evaluations, trend] = await Promise.all([
    q.findSnapshotUnits(
      db.reader,
      campaign.id,
      kind,
      key,
      ['province', 'city', 'county', 'station'],
      viewer.region,
    ),
    q.findEvaluations(db.reader, campaign.id, kind, key, viewer.region),
    trendRows(db.reader, campaign.id, kind, key, viewer),
  ]);
  if (units.length === 0)
    throw new AppError('not_found', '尚无该周期的快照 / No snapshot for this period yet');

  const wb = new ExcelJS.Workbook();
  wb.creator = '清源 Qingyuan';
  const title = `${campaign.name} ${kind === 'week' ? '周报' : '月报'} ${key}`;
  const pctFmt = '0.00';

  const progress = wb.addWorksheet('进度 Progress');
  progress.addRow([title]).font = { bold: true, size: 14 };
  progress.addRow([
    '层级',
    '单位编码',
    '单位',
    '阶段',
    '应核实户数',
    '已核实户数',
    '完成率%',
    '较上期(百分点)',
    '目标%',
    '应达进度%',
    '预警',
    '排名',
    '排名变化',
    '更正数',
    '已回写数',
    '更正回写率%',
  ]).font = { bold: true };
  for (const u of units)
    progress.addRow([
      zh('unitLevel', u.level),
      u.unit_code,
      u.name,
      zh('phase', u.phase),
      u.in_scope,
      u.verified,
      u.completion_pct,
      u.change_pct,
      u.target_pct,
      u.expected_pct,
      zh('trafficLight', u.status),
      u.rank,
      u.rank_change,
      u.corrections,
      u.written_back,
      writtenBackPct(u),
    ]);
  for (const c of [7, 8, 9, 10]) progress.getColumn(c).numFmt = pctFmt;
  progress.getColumn(16).numFmt = '0.0';
  progress.columns.forEach(
    (c, i) => (c.width = [8, 12, 22, 10, 12, 12, 10, 14, 8, 12, 8, 6, 10, 8, 10, 12][i]),
  );

  const ranking = wb.addWorksheet('排名 Ranking');
  ranking.addRow(['排名', '地市公司', '完成率%', '较上期(百分点)', '排名变化', '预警', '更正回写率%']).font =
    {
      bold: true,
    };
  for (const u of units
    .filter((x) => x.level === (viewer.region.cityCode ? 'county' : 'city'))
    .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0)))
    ranking.addRow([
      u.rank,
      u.name,
      u.completion_pct,
      u.change_pct,
      u.rank_change,
      zh('trafficLight', u.status),
      writtenBackPct(u),
    ]);
  ranking.getColumn(3).numFmt = pctFmt;
  ranking.getColumn(7).numFmt = '0.0';
  ranking.getColumn(4).numFmt = pctFmt;
  ranking.getColumn(2).width = 22;

  const evaluation = wb.addWorksheet('评价 Evaluation');
  evaluation.addRow([
    '排名',
    '地市公司',
    '工作进度',
    '数据规范性与准确性',
    '报送及时性',
    '新装及变更质量',
    '抽样核查结果',
    '综合得分',
  ]).font = { bold: true };
  for (const e of evaluations)
    evaluation.addRow([
      e.rank,
      e.name,
      e.progress,
      e.normativity,
      e.timeliness,
      e.quality,
      e.sample,
      e.score,
    ]);
  for (let c = 3; c <= 8; c++) evaluation.getColumn(c).numFmt = '0.0';
  evaluation.getColumn(2).width = 22;

  const chart = wb.addWorksheet('图表数据 Chart data');
  const periods = [...new Set(trend.map((t) => t.period_key))];
  const names = [...new Map(trend.map((t) => [t.unit_code, t.name])).entries()];
  chart.addRow(['周期', ...names.map(([, n]) => n), '应达进度%（平均）']).font = { bold: true };
  for (const p of periods) {
    const at = trend.filter((t) => t.period_key === p);
    const expected = at.map((t) => t.expected_pct).filter((v): v is number => v !== null);
    chart.addRow([
      p,
      ...names.map(([code]) => at.find((t) => t.unit_code === code)?.completion_pct ?? null),
      expected.length > 0 ? expected.reduce((a, b) => a + b, 0) / expected.length : null,
    ]);
  }
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());
  return { buffer, fileName: `qingyuan-${kind === 'week' ? 'weekly' : 'monthly'}-${key}.xlsx` };
}
