// Weekly and monthly snapshots: the progress of every unit copied at a point in time, with
// change since the previous period, rank and rank change, and the evaluation of the cities.
// Taken once per period (the primary key makes a second take a no-op); never recomputed. Only
// takeSnapshot writes; previews compute the same rows with computeSnapshot and store nothing.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, PeriodKind, SnapshotTiming } from '../../db/schema.ts';
import { PROVINCE, type Region } from '../auth/region.ts';
import { ensureActiveCampaign } from '../verification/service.ts';
import { evaluateCities } from './evaluation.ts';
import { isoWeekOf, monthOf, shanghaiDate } from './periods.ts';
import { rollUp, type TargetByCity, type UnitProgress } from './progress.ts';
import * as q from './queries.ts';
import { getSettings, loadPhases, phaseOn } from './service.ts';
import * as sq from './snapshot-queries.ts';
import { findAwaitingWriteback, findWritebackByStation, type StationWriteback } from './writeback-queries.ts';

export const periodKeyOf = (kind: PeriodKind, at: Date) => (kind === 'week' ? isoWeekOf(at) : monthOf(at));

async function provinceCode(db: Kysely<Database>) {
  const row = await db
    .selectFrom('org_units')
    .select('code')
    .where('level', '=', 'province')
    .executeTakeFirst();
  return row?.code ?? '00';
}

/** Live progress of every unit under the active phase (pilot: pilot stations only). */
export async function computeProgress(
  db: Kysely<Database>,
  campaignId: number,
  now: Date,
  region: Region = PROVINCE,
) {
  const today = shanghaiDate(now);
  const [phases, targets, settings, province] = await Promise.all([
    loadPhases(db, campaignId),
    q.findTargets(db, campaignId),
    getSettings(db, campaignId),
    provinceCode(db),
  ]);
  const phase = phaseOn(phases, today);
  const phaseKey = phase?.phase ?? 'rollout';
  const [counted, awaiting] = await Promise.all([
    sq.findStationProgress(db, campaignId, { pilotOnly: phaseKey === 'pilot', region }),
    findAwaitingWriteback(db, campaignId, region),
  ]);
  const stations = countWriteback(counted, awaiting, settings.countCorrectionsInQingyuan);
  const targetMap = new Map<string, TargetByCity>(
    targets
      .filter((t) => t.phase === phaseKey)
      .map((t) => [t.city_code, { targetPct: t.target_pct, deadline: t.deadline }]),
  );
  const units = rollUp(stations, {
    phase: phaseKey,
    phaseStart: phase?.startsOn ?? null,
    today,
    yellowMargin: settings.yellowMarginPct,
    targets: targetMap,
    provinceCode: province,
  });
  return { phase: phaseKey, phases, settings, units, today };
}

/**
 * The 导入系统 step: a corrected customer is done once its corrections are written back to the
 * marketing system — unless the campaign counts corrections inside Qingyuan.
 */
export function countWriteback(
  stations: readonly sq.StationProgressRow[],
  awaiting: ReadonlyMap<string, number>,
  countInQingyuan: boolean,
): sq.StationProgressRow[] {
  return stations.map((s) => {
    const n = awaiting.get(s.station_code) ?? 0;
    return { ...s, awaiting_writeback: n, verified: countInQingyuan ? s.verified : s.verified - n };
  });
}

export interface SnapshotResult {
  kind: PeriodKind;
  periodKey: string;
  isNew: boolean;
  units: number;
  timing: SnapshotTiming;
}

/**
 * The rows a snapshot of the period would hold if taken `now`: live progress with the change and
 * rank change against the previous stored period. Stores nothing: previews read figures from here.
 */
export async function computeSnapshot(
  db: Kysely<Database>,
  campaignId: number,
  kind: PeriodKind,
  periodKey: string,
  now: Date,
) {
  const [{ phase, phases, settings, units }, previousKey, writeback] = await Promise.all([
    computeProgress(db, campaignId, now),
    sq.findPreviousPeriodKey(db, campaignId, kind, periodKey),
    findWritebackByStation(db),
  ]);
  const written = writebackByUnit(writeback, units.find((u) => u.level === 'province')?.unitCode);
  const previous = new Map(
    previousKey
      ? (await sq.findSnapshotRows(db, campaignId, kind, previousKey)).map((r) => [
          `${r.level}:${r.unit_code}`,
          r,
        ])
      : [],
  );
  const rows = units.map((u) => {
    const before = previous.get(`${u.level}:${u.unitCode}`);
    return {
      campaign_id: campaignId,
      period_kind: kind,
      period_key: periodKey,
      level: u.level,
      unit_code: u.unitCode,
      city_code: u.cityCode,
      county_code: u.countyCode,
      phase,
      in_scope: u.inScope,
      verified: u.verified,
      completion_pct: u.completionPct,
      change_pct: before ? u.completionPct - before.completion_pct : null,
      rank: u.rank,
      // positive = moved up (rank 5 → 3 is +2)
      rank_change: before?.rank != null && u.rank != null ? before.rank - u.rank : null,
      expected_pct: u.expectedPct,
      target_pct: u.targetPct,
      status: u.status,
      corrections: written.get(`${u.level}:${u.unitCode}`)?.corrections ?? 0,
      written_back: written.get(`${u.level}:${u.unitCode}`)?.writtenBack ?? 0,
    };
  });
  return { rows, units, phases, settings };
}

/** Corrections and those written back, summed per unit (province, city, county, station). */
export function writebackByUnit(stations: readonly StationWriteback[], provinceCode: string | undefined) {
  const units = new Map<string, { corrections: number; writtenBack: number }>();
  for (const s of stations)
    for (const key of [
      provinceCode === undefined ? undefined : `province:${provinceCode}`,
      `city:${s.city_code}`,
      `county:${s.county_code}`,
      `station:${s.station_code}`,
    ]) {
      if (!key) continue;
      const u = units.get(key) ?? { corrections: 0, writtenBack: 0 };
      u.corrections += Number(s.corrections);
      u.writtenBack += Number(s.written_back);
      units.set(key, u);
    }
  return units;
}

/**
 * Stores the period's snapshot unless it is there already (never recomputed). The week's
 * snapshot is taken by the scheduled job at the cut-off; `timing` records an early manual send or
 * a late catch-up, and `periodKey` names the week a catch-up takes after that week has passed.
 * `includeSimulated` (DEMO_DATA=on only) lets the outbox's simulated SMS outcomes into the evaluation.
 */
export async function takeSnapshot(
  db: Db,
  kind: PeriodKind,
  now: Date,
  opts: { periodKey?: string; timing?: SnapshotTiming; includeSimulated?: boolean } = {},
): Promise<SnapshotResult> {
  const periodKey = opts.periodKey ?? periodKeyOf(kind, now);
  const timing = opts.timing ?? 'on_time';
  return db.kysely.transaction().execute(async (trx) => {
    const campaign = await ensureActiveCampaign(trx, now);
    if (await sq.hasSnapshot(trx, campaign.id, kind, periodKey))
      return { kind, periodKey, isNew: false, units: 0, timing };
    const { rows, units, phases, settings } = await computeSnapshot(trx, campaign.id, kind, periodKey, now);
    const takenAt = now.toISOString();
    const inserted = await sq.insertSnapshotRows(
      trx,
      rows.map((r) => ({ ...r, taken_at: takenAt, timing })),
    );
    const cities = units.filter((u): u is UnitProgress & { cityCode: string } => u.level === 'city');
    const evaluations = await evaluateCities(trx, {
      campaignId: campaign.id,
      cities: cities.map((c) => ({
        cityCode: c.cityCode,
        completionPct: c.completionPct,
        targetPct: c.targetPct,
      })),
      campaignStart: phases[0]?.startsOn ?? null,
      now,
      weights: settings.weights,
      includeSimulated: opts.includeSimulated ?? false,
    });
    await sq.insertEvaluationRows(
      trx,
      evaluations.map((e) => ({
        campaign_id: campaign.id,
        period_kind: kind,
        period_key: periodKey,
        city_code: e.cityCode,
        ...e.scores,
        score: e.score,
        rank: e.rank,
        details: JSON.stringify(e.details),
        taken_at: takenAt,
      })),
    );
    return { kind, periodKey, isNew: true, units: inserted, timing };
  });
}
