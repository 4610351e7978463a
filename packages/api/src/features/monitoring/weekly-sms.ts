// After the campaign (no active cycle) the managers' Friday SMS carries the quality lights and the
// week's movement instead of campaign progress: the province's managers get the province's score
// and its red and yellow cities, a city's managers their city. Stored once per manager and week
// (monitoring_reports) and queued with an idempotency key, like the campaign's weekly report.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, SnapshotTiming, TrafficLight } from '../../db/schema.ts';
import { maskPhone } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { cityOf, inRegion, PROVINCE } from '../auth/region.ts';
import { isBeforeCutOff, weekCutOff } from '../campaign/cut-off.ts';
import { isoWeekOf } from '../campaign/periods.ts';
import { findManagers } from '../reports/queries.ts';
import { enqueueSms } from '../sms/queue.ts';
import type { LightReason, UnitFigures } from '@qingyuan/contract/monitoring';
import { computeQualityWeek, previousWeek } from './compute.ts';
import * as q from './queries.ts';
import { figuresOf } from './service.ts';
import { getMonitoringSettings } from './settings.ts';

const LIGHT_ZH: Record<TrafficLight, string> = { green: '绿灯', yellow: '黄灯', red: '红灯' };
const REASON_ZH: Record<LightReason, string> = {
  score_below_target: '质量分低于目标',
  score_far_below_target: '质量分远低于目标',
  new_defects_high: '新增问题偏多',
  new_defects_very_high: '新增问题过多',
  gate_failure_rising: '入口校验失败率上升',
  gate_failure_rising_fast: '入口校验失败率明显上升',
};
const shortName = (name: string) => name.replace(/供电公司$|供电局$/, '');
const score = (f: UnitFigures) => (f.score === null ? '—' : f.score.toFixed(2));
const change = (f: UnitFigures) =>
  f.scoreChange === null ? '' : `（较上周${f.scoreChange >= 0 ? '+' : ''}${f.scoreChange.toFixed(2)}）`;
const moves = (f: UnitFigures) =>
  f.newDefects === null
    ? `待整改问题${f.openDefects}个`
    : `新增问题${f.newDefects}个、整改${f.fixedDefects}个`;

export function provinceMonitoringText(week: string, province: UnitFigures, cities: UnitFigures[]): string {
  const of = (light: TrafficLight) =>
    cities
      .filter((c) => c.light === light)
      .map((c) => shortName(c.name))
      .join('、');
  const red = of('red');
  const yellow = of('yellow');
  const lights =
    red || yellow
      ? [red && `红灯：${red}`, yellow && `黄灯：${yellow}`].filter(Boolean).join('；')
      : '各地市均为绿灯';
  return `【清源】${week}质量监测：全省客户档案质量分${score(province)}${change(province)}，${moves(province)}。${lights}。`;
}

export function cityMonitoringText(week: string, city: UnitFigures): string {
  const light = city.light
    ? `，${LIGHT_ZH[city.light]}${city.reasons.length > 0 ? `（${city.reasons.map((r) => REASON_ZH[r]).join('、')}）` : ''}`
    : '';
  return `【清源】${week}质量监测：${city.name}客户档案质量分${score(city)}${change(city)}，${moves(city)}${light}。`;
}

async function figures(db: Kysely<Database>, week: string) {
  const pair = [week, previousWeek(week)];
  const [settings, province, cities] = await Promise.all([
    getMonitoringSettings(db),
    q.findFigures(db, pair, 'province', PROVINCE),
    q.findFigures(db, pair, 'city', PROVINCE),
  ]);
  const names = await q.findUnitNames(db, [...new Set(cities.map((c) => c.code!))]);
  const at = (rows: q.FigureRow[], w: string, code: string | null) =>
    rows.find((r) => r.week_key === w && r.code === code);
  return {
    province: figuresOf(
      { level: 'province', code: null, name: '全省' },
      at(province, week, null),
      at(province, pair[1]!, null),
      settings,
    ),
    cities: [...names].map(([code, name]) =>
      figuresOf({ level: 'city', code, name }, at(cities, week, code), at(cities, pair[1]!, code), settings),
    ),
  };
}

export const monitoringReportKey = (week: string, userId: number) => `weekly-monitoring:${week}:${userId}`;

/** The week's figures (computed now, at the cut-off), then each manager's text, once. */
export async function sendMonitoringReports(db: Db, now: Date, week: string, timing: SnapshotTiming) {
  await computeQualityWeek(db, week, now);
  const { province, cities } = await figures(db.kysely, week);
  const managers = await findManagers(db.kysely);
  return db.kysely.transaction().execute(async (trx) => {
    let stored = 0;
    let queued = 0;
    let skipped = 0;
    for (const m of managers) {
      const city = cities.find((c) => c.code === m.city_code);
      const body = m.city_code
        ? city && cityMonitoringText(week, city)
        : provinceMonitoringText(week, province, cities);
      if (!body || !m.phone) {
        skipped++;
        continue;
      }
      const smsKey = monitoringReportKey(week, m.id);
      const row = await trx
        .insertInto('monitoring_reports')
        .values({
          iso_week: week,
          user_id: m.id,
          city_code: m.city_code,
          body,
          sms_key: smsKey,
          created_at: now,
        })
        .onConflict((oc) => oc.columns(['iso_week', 'user_id']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      if (!row) continue;
      stored++;
      queued += await enqueueSms(
        trx,
        [
          {
            idempotencyKey: smsKey,
            purpose: 'weekly_report',
            to: m.phone,
            body,
            userId: m.id,
            cityCode: m.city_code,
          },
        ],
        now,
      );
    }
    return { week, stored, queued, skipped, timing, mode: 'monitoring' as const };
  });
}

/** The coordinator's preview after the campaign: this week's texts from the latest computed figures. */
export async function previewMonitoringReports(db: Db, viewer: Principal, now: Date, weeklyCron: string) {
  const week = isoWeekOf(now);
  const [{ province, cities }, managers, stored] = await Promise.all([
    figures(db.kysely, week),
    findManagers(db.kysely),
    inRegion(
      db.kysely.selectFrom('monitoring_reports').select(['user_id', 'body']).where('iso_week', '=', week),
      cityOf(viewer.region),
    ).execute(),
  ]);
  const storedBy = new Map(stored.map((s) => [Number(s.user_id), s.body]));
  return {
    week,
    cutOffAt: weekCutOff(weeklyCron, week)?.toISOString() ?? null,
    isBeforeCutOff: isBeforeCutOff(weeklyCron, now),
    figures: 'stored' as const,
    timing: null,
    items: managers
      .filter((m) => !viewer.region.cityCode || m.city_code === viewer.region.cityCode)
      .map((m) => {
        const city = cities.find((c) => c.code === m.city_code);
        const body = m.city_code
          ? ((city && cityMonitoringText(week, city)) ?? null)
          : provinceMonitoringText(week, province, cities);
        return {
          userId: m.id,
          name: m.display_name,
          cityCode: m.city_code,
          phone: m.phone ? maskPhone(m.phone) : null,
          body: storedBy.get(m.id) ?? body,
          isStored: storedBy.has(m.id),
          smsStatus: null,
        };
      }),
  };
}
