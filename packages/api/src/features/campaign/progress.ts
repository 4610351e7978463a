// Rolls station progress up to counties, cities and the province, and adds targets, traffic
// lights and ranks. Pure: the snapshot and the live dashboard both use it.
import type { PhaseKey, UnitLevel } from '../../db/schema.ts';
import type { StationProgressRow } from './snapshot-queries.ts';
import { competitionRanks, completionPct, trafficLight, type TrafficLight } from './status.ts';

export interface UnitProgress {
  level: UnitLevel;
  unitCode: string;
  cityCode: string | null;
  countyCode: string | null;
  inScope: number;
  verified: number;
  inField: number;
  unreachable: number;
  /** corrected customers not yet written back: done only if the campaign counts them in Qingyuan */
  awaitingWriteBack: number;
  completionPct: number;
  expectedPct: number | null;
  targetPct: number | null;
  status: TrafficLight | null;
  rank: number | null;
}

export interface TargetByCity {
  targetPct: number;
  deadline: string;
}

export function rollUp(
  stations: readonly StationProgressRow[],
  ctx: {
    phase: PhaseKey;
    phaseStart: string | null;
    today: string;
    yellowMargin: number;
    targets: ReadonlyMap<string, TargetByCity>;
    provinceCode: string;
  },
): UnitProgress[] {
  const units = new Map<string, UnitProgress>();
  const add = (
    level: UnitLevel,
    code: string,
    city: string | null,
    county: string | null,
    s: StationProgressRow,
  ) => {
    const key = `${level}:${code}`;
    let u = units.get(key);
    if (!u) {
      u = {
        level,
        unitCode: code,
        cityCode: city,
        countyCode: county,
        inScope: 0,
        verified: 0,
        inField: 0,
        unreachable: 0,
        awaitingWriteBack: 0,
        completionPct: 0,
        expectedPct: null,
        targetPct: null,
        status: null,
        rank: null,
      };
      units.set(key, u);
    }
    u.inScope += s.in_scope;
    u.verified += s.verified;
    u.inField += s.in_field;
    u.unreachable += s.unreachable;
    u.awaitingWriteBack += s.awaiting_writeback ?? 0;
  };
  for (const s of stations) {
    add('province', ctx.provinceCode, null, null, s);
    add('city', s.city_code, s.city_code, null, s);
    add('county', s.county_code, s.city_code, s.county_code, s);
    add('station', s.station_code, s.city_code, s.county_code, s);
  }
  const all = [...units.values()];
  for (const u of all) {
    u.completionPct = completionPct(u.verified, u.inScope);
    const target = u.cityCode ? ctx.targets.get(u.cityCode) : undefined;
    if (target && ctx.phaseStart) {
      const light = trafficLight(u.completionPct, target, ctx.phaseStart, ctx.today, ctx.yellowMargin);
      u.status = light.status;
      u.expectedPct = light.expectedPct;
      u.targetPct = target.targetPct;
    }
  }
  // The province's trajectory: the cities' expected completion weighted by their customers in scope.
  const province = all.find((u) => u.level === 'province');
  const cities = all.filter((u) => u.level === 'city' && u.expectedPct !== null);
  if (province && cities.length > 0) {
    const scope = cities.reduce((a, c) => a + c.inScope, 0);
    province.expectedPct = cities.reduce((a, c) => a + c.expectedPct! * c.inScope, 0) / scope;
    province.targetPct = cities.reduce((a, c) => a + c.targetPct! * c.inScope, 0) / scope;
    const behind = province.expectedPct - province.completionPct;
    province.status = behind <= 0 ? 'green' : behind <= ctx.yellowMargin ? 'yellow' : 'red';
  }
  // Cities rank among all cities; counties and stations rank within their city.
  const groups = new Map<string, UnitProgress[]>();
  for (const u of all) {
    if (u.level === 'province') continue;
    const key = u.level === 'city' ? 'city' : `${u.level}:${u.cityCode}`;
    groups.set(key, [...(groups.get(key) ?? []), u]);
  }
  for (const group of groups.values()) {
    const ranks = competitionRanks(group, (u) => u.completionPct);
    for (const u of group) u.rank = ranks.get(u)!;
  }
  return all;
}
