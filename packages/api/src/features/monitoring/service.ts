// 质量监测: the lights, a unit's trend, what moved by rule and the due counts — for the viewer's
// region or a unit inside it, read from the kept weekly figures (compute.ts), never the findings.
import type { Db } from '../../db.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRegion, type RegionUnit } from '../auth/region.ts';
import type { UnitFigures } from '@qingyuan/contract/monitoring';
import type { MonitoringSettings } from '@qingyuan/contract/monitoring';
import { previousWeek } from './compute.ts';
import { lightOf } from './lights.ts';
import * as q from './queries.ts';
import { getMonitoringSettings } from './settings.ts';

const CHILD: Record<RegionUnit['level'], q.GroupLevel | null> = {
  province: 'city',
  city: 'county',
  county: 'station',
  station: null,
};

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const scoreOf = (r: q.FigureRow | undefined) =>
  r ? (r.customers > 0 ? Math.round((1 - r.customers_with_error / r.customers) * 10_000) / 100 : null) : null;

/** One unit's week beside the week before, with its light. */
export function figuresOf(
  unit: { level: UnitFigures['level']; code: string | null; name: string },
  cur: q.FigureRow | undefined,
  prev: q.FigureRow | undefined,
  settings: MonitoringSettings,
): UnitFigures {
  const score = scoreOf(cur);
  const prevScore = scoreOf(prev);
  const gateRate = cur ? ratio(cur.gate_errors, cur.gate_records) : null;
  const gateRatePrev = prev ? ratio(prev.gate_errors, prev.gate_records) : null;
  const customers = cur?.customers ?? 0;
  const newDefects = cur?.new_defects ?? null;
  return {
    ...unit,
    customers,
    customersWithError: cur?.customers_with_error ?? 0,
    score,
    scoreChange: score !== null && prevScore !== null ? Math.round((score - prevScore) * 100) / 100 : null,
    openDefects: cur?.open_defects ?? 0,
    newDefects,
    fixedDefects: cur?.fixed_defects ?? null,
    gateRecords: cur?.gate_records ?? 0,
    gateErrors: cur?.gate_errors ?? 0,
    gateRate,
    gateRatePrev,
    ...lightOf({ customers, score, newDefects, gateRate, gateRatePrev }, settings),
  };
}

export async function getOverview(db: Db, viewer: Principal, opts: { unit?: string; week?: string }) {
  const view = await resolveRegion(db.kysely, viewer, opts.unit);
  const [weeks, settings] = await Promise.all([q.findWeeks(db.kysely, 26), getMonitoringSettings(db.kysely)]);
  const week = opts.week ?? weeks[0] ?? null;
  if (week === null) return { week, weeks, computedAt: null, unit: null, units: [], settings };
  const pair = [week, previousWeek(week)];
  const child = CHILD[view.level];
  const [own, children] = await Promise.all([
    q.findFigures(db.kysely, pair, view.level, view.region),
    child ? q.findFigures(db.kysely, pair, child, view.region) : Promise.resolve([]),
  ]);
  const names = await q.findUnitNames(
    db.kysely,
    children.map((c) => c.code!),
  );
  const at = (rows: q.FigureRow[], w: string, code: string | null) =>
    rows.find((r) => r.week_key === w && r.code === code);
  const codes = [...new Set(children.filter((c) => c.week_key === week).map((c) => c.code!))];
  const current = at(own, week, view.code);
  return {
    week,
    weeks,
    computedAt: current ? new Date(current.computed_at).toISOString() : null,
    unit: figuresOf(view, current, at(own, pair[1]!, view.code), settings),
    units: codes.map((code) =>
      figuresOf(
        { level: child!, code, name: names.get(code) ?? code },
        at(children, week, code),
        at(children, pair[1]!, code),
        settings,
      ),
    ),
    settings,
  };
}

/** A unit's last 12 computed weeks. */
export async function getTrend(db: Db, viewer: Principal, unit?: string) {
  const view = await resolveRegion(db.kysely, viewer, unit);
  const [weeks, settings] = await Promise.all([q.findWeeks(db.kysely, 13), getMonitoringSettings(db.kysely)]);
  const rows = await q.findFigures(db.kysely, weeks, view.level, view.region);
  const byWeek = new Map(rows.map((r) => [r.week_key, r]));
  const shown = [...weeks].reverse().slice(-12);
  return {
    code: view.code,
    name: view.name,
    items: shown.map((week) => {
      const f = figuresOf(view, byWeek.get(week), byWeek.get(previousWeek(week)), settings);
      return {
        week,
        score: f.score,
        newDefects: f.newDefects,
        fixedDefects: f.fixedDefects,
        gateRate: f.gateRate,
        light: f.light,
      };
    }),
  };
}

export async function getRuleMoves(db: Db, viewer: Principal, opts: { unit?: string; week?: string }) {
  const view = await resolveRegion(db.kysely, viewer, opts.unit);
  const week = opts.week ?? (await q.findWeeks(db.kysely, 1))[0] ?? null;
  if (week === null) return { week, items: [] };
  const rows = await q.findRuleMoves(db.kysely, week, view.region);
  return {
    week,
    items: rows.map((r) => ({
      ruleId: r.rule_id,
      openDefects: r.open_defects,
      newDefects: r.new_defects,
      fixedDefects: r.fixed_defects,
    })),
  };
}

export async function getDue(db: Db, viewer: Principal, unit?: string) {
  const view = await resolveRegion(db.kysely, viewer, unit);
  const [rows, settings] = await Promise.all([
    q.findDue(db.kysely, view.region),
    getMonitoringSettings(db.kysely),
  ]);
  const sum = (k: 'due' | 'stale' | 'bounced' | 'shared') => rows.reduce((a, r) => a + r[k], 0);
  const computed = rows.map((r) => new Date(r.computed_at).getTime());
  return {
    computedAt: computed.length > 0 ? new Date(Math.max(...computed)).toISOString() : null,
    reverifyMonths: settings.reverifyMonths,
    totals: { due: sum('due'), stale: sum('stale'), bounced: sum('bounced'), shared: sum('shared') },
    items: rows.map((r) => ({
      stationCode: r.station_code,
      stationName: r.name,
      cityCode: r.city_code,
      countyCode: r.county_code,
      due: r.due,
      stale: r.stale,
      bounced: r.bounced,
      shared: r.shared,
    })),
  };
}
