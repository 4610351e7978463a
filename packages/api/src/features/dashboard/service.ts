// The dashboard: live KPIs from the kept counters, ranking and trend from stored snapshots,
// evaluation, entry-gate failures and report timeliness — for the province or one city/county.
// Reads go to `db.reader` (the streaming replica with DATABASE_READ_URL: a dashboard may lag the
// primary by a moment); only activeCampaignId, which may create the campaign, uses the primary.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, PeriodKind, UnitLevel } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRegion, type RegionUnit } from '../auth/region.ts';
import { addDays, isoWeekOf, shanghaiDate, weekDueAt } from '../campaign/periods.ts';
import { findCities } from '../campaign/queries.ts';
import { activeCampaignId } from '../campaign/service.ts';
import { computeProgress } from '../campaign/snapshot.ts';
import { findCallErrorRates } from '../campaign/snapshot-queries.ts';
import { findEvaluations, findLatestPeriodKey, findSnapshotUnits } from '../reports/queries.ts';
import * as q from './queries.ts';

type View = Omit<RegionUnit, 'level'> & { level: 'province' | 'city' | 'county' };

/** The unit a viewer asks for, within the viewer's own region; default = the viewer's region. */
export async function viewOf(db: Kysely<Database>, viewer: Principal, unit?: string): Promise<View> {
  const { level, ...view } = await resolveRegion(db, viewer, unit);
  // the dashboard shows units down to the county; a station is not a view of its own
  if (level === 'station') throw new AppError('not_found', '未找到该单位 / Unit not found');
  return { ...view, level };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** Wilson score interval (95 %) of a rate: a manager can see whether two cities really differ. */
export function wilson95(part: number, whole: number): [number, number] | null {
  if (whole <= 0) return null;
  const z = 1.96;
  const p = part / whole;
  const denom = 1 + (z * z) / whole;
  const centre = (p + (z * z) / (2 * whole)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / whole + (z * z) / (4 * whole * whole))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export async function getKpis(db: Db, viewer: Principal, unit: string | undefined, now: Date) {
  const view = await viewOf(db.reader, viewer, unit);
  const { region } = view;
  const id = await activeCampaignId(db, now);
  const [progress, allStations, sms, calls, errors] = await Promise.all([
    computeProgress(db.reader, id, now, region),
    q.customersInQuery(db.reader, region).executeTakeFirst(),
    q.findSmsSampling(db.reader, region),
    findCallErrorRates(db.reader, region),
    q.findOpenErrors(db.reader, region),
  ]);
  const own = progress.units.find(
    (u) => u.level === view.level && (view.level === 'province' || u.unitCode === view.code),
  );
  const { delivered, finished, simulated } = sms;
  const callRows = [...calls.values()];
  return {
    region: {
      level: view.level,
      code: view.code,
      cityCode: region.cityCode ?? null,
      countyCode: region.countyCode ?? null,
    },
    phase: progress.phase,
    customers: Number(allStations?.n ?? 0),
    inScope: own?.inScope ?? 0,
    verified: own?.verified ?? 0,
    inField: own?.inField ?? 0,
    unreachable: own?.unreachable ?? 0,
    awaitingWriteBack: own?.awaitingWriteBack ?? 0,
    countsCorrectionsInQingyuan: progress.settings.countCorrectionsInQingyuan,
    completionPct: own?.completionPct ?? 0,
    expectedPct: own?.expectedPct ?? null,
    status: own?.status ?? null,
    smsSuccessRate: rate(delivered, finished),
    smsFinished: finished,
    smsSimulated: simulated,
    smsInterval: wilson95(delivered, finished),
    // null while no call has a verdict in the region
    callErrorRate:
      callRows.length > 0
        ? rate(
            callRows.reduce((a, c) => a + c.errors, 0),
            callRows.reduce((a, c) => a + c.calls, 0),
          )
        : null,
    openErrors: errors.with_error,
  };
}

/**
 * Ranking of the units one level below the region, from the latest weekly (or monthly) snapshot,
 * with live completion.
 */
export async function getRanking(
  db: Db,
  viewer: Principal,
  unit: string | undefined,
  now: Date,
  period: PeriodKind = 'week',
) {
  const view = await viewOf(db.reader, viewer, unit);
  const id = await activeCampaignId(db, now);
  const key = await findLatestPeriodKey(db.reader, id, period);
  const levels: UnitLevel[] =
    view.level === 'province'
      ? ['province', 'city']
      : view.level === 'city'
        ? ['city', 'county', 'station']
        : ['county', 'station'];
  const [rows, progress] = await Promise.all([
    key ? findSnapshotUnits(db.reader, id, period, key, levels, view.region) : Promise.resolve([]),
    computeProgress(db.reader, id, now, view.region),
  ]);
  const liveBy = new Map(progress.units.map((u) => [`${u.level}:${u.unitCode}`, u]));
  const live = (r: { level: UnitLevel; unit_code: string }) => liveBy.get(`${r.level}:${r.unit_code}`);
  const cityCount = key && view.level !== 'province' ? await countCities(db.reader, id, period, key) : null;
  return {
    period,
    periodKey: key ?? null,
    cityCount,
    items: rows.map((r) => ({
      level: r.level,
      unitCode: r.unit_code,
      name: r.name,
      cityCode: r.city_code,
      inScope: r.in_scope,
      verified: r.verified,
      completionPct: r.completion_pct,
      changePct: r.change_pct,
      rank: r.rank,
      rankChange: r.rank_change,
      // 应达进度 and the light are today's, from the same computation as the KPI card, so the two
      // never disagree; completion, change and rank are the stored week's
      expectedPct: live(r)?.expectedPct ?? r.expected_pct,
      targetPct: r.target_pct,
      status: live(r)?.status ?? r.status,
      liveCompletionPct: live(r)?.completionPct ?? null,
    })),
  };
}

async function countCities(db: Kysely<Database>, campaignId: number, period: PeriodKind, key: string) {
  const r = await db
    .selectFrom('progress_snapshots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('campaign_id', '=', campaignId)
    .where('period_kind', '=', period)
    .where('period_key', '=', key)
    .where('level', '=', 'city')
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}

/** The trend over the last `periods` stored weeks or months (Beijing-time calendar months). */
export async function getTrend(
  db: Db,
  viewer: Principal,
  unit: string | undefined,
  periods: number,
  now: Date,
  period: PeriodKind = 'week',
) {
  const view = await viewOf(db.reader, viewer, unit);
  const id = await activeCampaignId(db, now);
  const level: UnitLevel = view.level === 'province' ? 'city' : view.level === 'city' ? 'county' : 'station';
  const [children, own] = await Promise.all([
    q.findTrend(db.reader, id, level, view.region, periods, period),
    q.findTrend(db.reader, id, view.level, view.region, periods, period),
  ]);
  const units = [...new Map(children.map((r) => [r.unit_code, r.name])).entries()].map(([code, name]) => ({
    code,
    name,
  }));
  const keys = [...new Set([...own, ...children].map((r) => r.period_key))].sort();
  const ownRows = own.filter((r) => view.level === 'province' || r.unit_code === view.code);
  return {
    period,
    units,
    points: keys.map((p) => {
      const mine = ownRows.find((r) => r.period_key === p);
      return {
        periodKey: p,
        // the phase tells the chart where the denominator widened (pilot stations → all stations)
        phase: mine?.phase ?? null,
        inScope: mine?.in_scope ?? null,
        completionPct: mine?.completion_pct ?? null,
        expectedPct: mine?.expected_pct ?? null,
        values: Object.fromEntries(
          children.filter((r) => r.period_key === p).map((r) => [r.unit_code, r.completion_pct]),
        ),
      };
    }),
  };
}

export async function getQuality(db: Db, viewer: Principal, unit: string | undefined, now: Date) {
  const { region } = await viewOf(db.reader, viewer, unit);
  const id = await activeCampaignId(db, now);
  const key = await findLatestPeriodKey(db.reader, id, 'week');
  const rows = key ? await findEvaluations(db.reader, id, 'week', key, region) : [];
  return {
    periodKey: key ?? null,
    items: rows.map((r) => ({
      cityCode: r.city_code,
      name: r.name,
      progress: r.progress,
      normativity: r.normativity,
      timeliness: r.timeliness,
      quality: r.quality,
      sample: r.sample,
      score: r.score,
      rank: r.rank,
      details: r.details as Record<string, number | null>,
    })),
  };
}

export async function getEntryGate(
  db: Db,
  viewer: Principal,
  unit: string | undefined,
  now: Date,
  days: number,
) {
  const { region } = await viewOf(db.reader, viewer, unit);
  const since = addDays(shanghaiDate(now), -days + 1);
  const rows = await q.findGateByStation(db.reader, since, region, 15);
  return {
    since,
    items: rows.map((r) => ({
      stationCode: r.station_code,
      name: r.name,
      records: r.records,
      withError: r.with_error,
      failRate: rate(r.with_error, r.records),
    })),
  };
}

/** This week's summaries per city: on time, late, or missing (and past due). */
export async function getWorkReportStatus(db: Db, viewer: Principal, unit: string | undefined, now: Date) {
  const { region } = await viewOf(db.reader, viewer, unit);
  const id = await activeCampaignId(db, now);
  const week = isoWeekOf(now);
  const [cities, reports] = await Promise.all([
    findCities(db.reader, region),
    q.findWorkReportsOf(db.reader, id, 'week', week),
  ]);
  const due = weekDueAt(week);
  return {
    week,
    dueAt: due.toISOString(),
    items: cities.map((c) => {
      const r = reports.find((x) => x.city_code === c.code);
      const status: 'late' | 'on_time' | 'missing' | 'pending' = r
        ? new Date(r.first_submitted_at) > new Date(r.due_at)
          ? 'late'
          : 'on_time'
        : now > due
          ? 'missing'
          : 'pending';
      return {
        cityCode: c.code,
        name: c.name,
        status,
        submittedAt: r ? new Date(r.first_submitted_at).toISOString() : null,
      };
    }),
  };
}
