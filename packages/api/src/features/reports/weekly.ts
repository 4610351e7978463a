// The weekly SMS report to managers: composed from the week's stored snapshot, stored once per
// manager and week (weekly_reports), and queued with an idempotency key — so a second run, a
// restart or a manual send after the scheduled one never sends the week's report twice. The
// preview computes the figures and stores nothing; the snapshot is taken at the cut-off.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, SnapshotTiming } from '../../db/schema.ts';
import { maskPhone } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { PROVINCE } from '../auth/region.ts';
import { isoWeekOf } from '../campaign/periods.ts';
import { isBeforeCutOff, weekCutOff } from '../campaign/cut-off.ts';
import { computeSnapshot, takeSnapshot } from '../campaign/snapshot.ts';
import * as sq from '../campaign/snapshot-queries.ts';
import { enqueueSms } from '../sms/queue.ts';
import { currentCampaign, ensureActiveCampaign } from '../verification/service.ts';
import { previewMonitoringReports, sendMonitoringReports } from '../monitoring/weekly-sms.ts';
import { shownCampaignId } from '../campaign/cycles.ts';
import * as q from './queries.ts';

const pct = (n: number) => `${n.toFixed(2)}%`;
const signed = (n: number | null) => (n === null ? '—' : `${n >= 0 ? '+' : ''}${n.toFixed(2)}个百分点`);
const shortName = (name: string) => name.replace(/供电公司$|供电局$/, '');

type CityRow = {
  unit_code: string;
  name: string;
  completion_pct: number;
  change_pct: number | null;
  rank: number | null;
  rank_change: number | null;
  /** null in snapshots taken before write-back was counted */
  corrections?: number | null;
  written_back?: number | null;
};

/** 已回写 or 源系统已确认 over all corrections, one decimal; null without corrections. */
export function writtenBackPct(row: Pick<CityRow, 'corrections' | 'written_back'>): number | null {
  if (!row.corrections) return null;
  return Math.round(((row.written_back ?? 0) / row.corrections) * 1000) / 10;
}
const share = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)}%`);

export function cityReportText(week: string, city: CityRow, cityCount: number): string {
  const move =
    city.rank_change === null || city.rank_change === 0
      ? ''
      : city.rank_change > 0
        ? `，上升${city.rank_change}位`
        : `，下降${-city.rank_change}位`;
  const back = writtenBackPct(city);
  const writeback = back === null ? '' : `；更正回写率${share(back)}`;
  return `【清源】${week}周报：${city.name}客户档案核实完成率${pct(city.completion_pct)}，较上周${signed(city.change_pct)}，全省排名第${city.rank}/${cityCount}${move}${writeback}。`;
}

export function provinceReportText(
  week: string,
  province: Pick<CityRow, 'completion_pct' | 'change_pct' | 'corrections' | 'written_back'>,
  cities: CityRow[],
): string {
  const sorted = [...cities].sort(
    (a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.unit_code.localeCompare(b.unit_code),
  );
  const list = (rows: CityRow[]) =>
    rows.map((c) => `${shortName(c.name)}${pct(c.completion_pct)}`).join('、');
  const top = sorted.slice(0, 3);
  const bottom = sorted
    .slice(-3)
    .reverse()
    .filter((c) => !top.includes(c));
  // the written-back share of every city, once any city has corrections
  const writeback = cities.some((c) => writtenBackPct(c) !== null)
    ? `更正回写率：全省${share(writtenBackPct(province))}，${sorted.map((c) => `${shortName(c.name)}${share(writtenBackPct(c))}`).join('、')}。`
    : '';
  return `【清源】${week}周报：全省客户档案核实完成率${pct(province.completion_pct)}，较上周${signed(province.change_pct)}。前三：${list(top)}${bottom.length > 0 ? `；后三：${list(bottom)}` : ''}。${writeback}`;
}

export interface ComposedReport {
  userId: number;
  name: string;
  cityCode: string | null;
  phone: string | null;
  body: string | null;
}

type UnitRow = CityRow & { level: string };

function composeReports(
  week: string,
  rows: UnitRow[],
  managers: Awaited<ReturnType<typeof q.findManagers>>,
): ComposedReport[] {
  const province = rows.find((r) => r.level === 'province');
  const cities = rows.filter((r) => r.level === 'city');
  return managers.map((m) => {
    let body: string | null = null;
    if (!m.city_code && province) body = provinceReportText(week, province, cities);
    const city = cities.find((c) => c.unit_code === m.city_code);
    if (m.city_code && city) body = cityReportText(week, city, cities.length);
    return { userId: m.id, name: m.display_name, cityCode: m.city_code, phone: m.phone, body };
  });
}

/** The texts of a week for every manager, from that week's stored snapshot. */
export async function composeWeeklyReports(
  db: Kysely<Database>,
  campaignId: number,
  week: string,
): Promise<ComposedReport[]> {
  const rows = await q.findSnapshotUnits(db, campaignId, 'week', week, ['province', 'city'], PROVINCE);
  return composeReports(week, rows, await q.findManagers(db));
}

/** The texts of the week with figures as of `now`, computed live: nothing is stored. */
async function composeLiveReports(db: Kysely<Database>, campaignId: number, week: string, now: Date) {
  const { rows } = await computeSnapshot(db, campaignId, 'week', week, now);
  const units = rows.filter((r) => r.level === 'province' || r.level === 'city');
  const names = await q.findUnitNames(
    db,
    units.map((u) => u.unit_code),
  );
  return composeReports(
    week,
    units.map((u) => ({ ...u, name: names.get(u.unit_code) ?? u.unit_code })),
    await q.findManagers(db),
  );
}

export const weeklyReportKey = (campaignId: number, week: string, userId: number) =>
  `weekly-report:${campaignId}:${week}:${userId}`;

/**
 * Takes the week's snapshot if it is not there yet, stores each manager's report and queues its
 * SMS. Returns how many reports were newly stored and queued (0 on a repeat). The scheduled job
 * calls it at the cut-off; `timing` marks a confirmed early send or a late catch-up, and `week`
 * names the week a catch-up sends after that week has passed.
 */
export async function sendWeeklyReports(
  db: Db,
  now: Date,
  opts: { week?: string; timing?: SnapshotTiming; includeSimulated?: boolean } = {},
) {
  const week = opts.week ?? isoWeekOf(now);
  const timing = opts.timing ?? 'on_time';
  // after the campaign (no active cycle): the quality lights instead of campaign progress
  if (!(await db.kysely.transaction().execute((trx) => currentCampaign(trx, now))))
    return sendMonitoringReports(db, now, week, timing);
  await takeSnapshot(db, 'week', now, { ...opts, periodKey: week, timing });
  return db.kysely.transaction().execute(async (trx) => {
    const campaign = await ensureActiveCampaign(trx, now);
    const reports = await composeWeeklyReports(trx, campaign.id, week);
    let stored = 0;
    let queued = 0;
    let skipped = 0;
    for (const r of reports) {
      if (!r.body || !r.phone) {
        skipped++;
        continue;
      }
      const smsKey = weeklyReportKey(campaign.id, week, r.userId);
      const row = await q.insertWeeklyReport(trx, {
        campaignId: campaign.id,
        isoWeek: week,
        userId: r.userId,
        cityCode: r.cityCode,
        body: r.body,
        smsKey,
        timing,
        now,
      });
      if (!row) continue;
      stored++;
      queued += await enqueueSms(
        trx,
        [
          {
            idempotencyKey: smsKey,
            purpose: 'weekly_report',
            to: r.phone,
            body: r.body,
            userId: r.userId,
            cityCode: r.cityCode,
          },
        ],
        now,
      );
    }
    return { week, stored, queued, skipped, timing, mode: 'campaign' as const };
  });
}

/**
 * What would be sent this week (coordinator's preview); phones masked for viewers who may not see
 * them. A GET: once the week's snapshot is stored its texts are shown, before that the figures
 * are computed as of now and nothing is written — a visit on Monday must not freeze the week.
 */
export async function previewWeeklyReports(db: Db, viewer: Principal, now: Date, weeklyCron: string) {
  const week = isoWeekOf(now);
  const campaign = await db.kysely.transaction().execute((trx) => currentCampaign(trx, now));
  if (!campaign) return previewMonitoringReports(db, viewer, now, weeklyCron);
  const timing = await sq.findSnapshotTiming(db.reader, campaign.id, 'week', week);
  const [reports, stored] = await Promise.all([
    timing
      ? composeWeeklyReports(db.reader, campaign.id, week)
      : composeLiveReports(db.reader, campaign.id, week, now),
    q.findWeeklyReports(db.reader, campaign.id, week, viewer),
  ]);
  const storedBy = new Map(stored.map((s) => [s.user_id, s]));
  const cutOff = weekCutOff(weeklyCron, week);
  return {
    week,
    cutOffAt: cutOff?.toISOString() ?? null,
    isBeforeCutOff: isBeforeCutOff(weeklyCron, now),
    figures: timing ? ('stored' as const) : ('live' as const),
    timing: timing ?? null,
    items: reports.map((r) => {
      const s = storedBy.get(r.userId);
      return {
        userId: r.userId,
        name: r.name,
        cityCode: r.cityCode,
        phone: r.phone ? maskPhone(r.phone) : null,
        // once stored, the stored text is what was (or will be) sent
        body: s?.body ?? r.body,
        isStored: s !== undefined,
        smsStatus: s?.status ?? null,
      };
    }),
  };
}

export async function listWeeklyReports(db: Db, viewer: Principal, week: string, now: Date) {
  // after the campaign: the last cycle's reports (the monitoring texts are in the preview)
  const campaignId = await shownCampaignId(db, now);
  // the primary: the list is what a coordinator reads right after sending (own writes)
  const rows = await q.findWeeklyReports(db.kysely, campaignId, week, viewer);
  return {
    week,
    items: rows.map((r) => ({
      userId: r.user_id,
      name: r.display_name,
      cityCode: r.city_code,
      body: r.body,
      createdAt: new Date(r.created_at).toISOString(),
      timing: r.timing,
      smsStatus: r.status ?? null,
      to: r.to_number ? maskPhone(r.to_number) : null,
      error: r.error_message ?? null,
    })),
  };
}
