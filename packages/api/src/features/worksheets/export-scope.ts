// Which stations an export covers, checked against the caller's region.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, forbidden } from '../../errors.ts';
import { coversUnit, type Principal } from '../auth/principal.ts';
import * as q from './queries.ts';
import type { ExportScope } from './schemas.ts';

/**
 * TODO(campaign/pilot): the campaign's pilot stations. The pilot model is being built in another
 * branch; until it lands there is no list to read, and `pilotOnly` asks for explicit
 * `stationCodes` instead. Replace the body with a read of the active campaign's pilot stations.
 */
export async function pilotStationCodes(_db: Kysely<Database>): Promise<string[] | null> {
  return null;
}

export interface ResolvedScope {
  stations: q.StationRow[];
  label: string;
  cityCode: string | null;
  countyCode: string | null;
}

export async function resolveScope(
  db: Kysely<Database>,
  principal: Principal,
  scope: ExportScope,
): Promise<ResolvedScope> {
  let stationCodes = scope.stationCodes;
  if (scope.pilotOnly) {
    const pilot = await pilotStationCodes(db);
    if (!pilot && !stationCodes)
      throw new AppError(
        'validation_failed',
        '尚未配置试点供电所，请直接选择供电所 / No pilot stations are configured yet: choose the stations explicitly',
      );
    if (pilot) stationCodes = stationCodes ? stationCodes.filter((c) => pilot.includes(c)) : pilot;
  }
  let label = '';
  const unitCode =
    scope.unitCode ?? (stationCodes ? undefined : (principal.countyCode ?? principal.cityCode ?? undefined));
  if (unitCode) {
    const unit = await q.findUnit(db, unitCode);
    if (!unit) throw new AppError('not_found', `未找到单位 ${unitCode} / Unit not found`);
    if (!coversUnit(principal, unit)) throw forbidden();
    label = unit.name;
  } else if (!stationCodes) label = '全省';
  const stations = await q.findStations(db, { unitCode, stationCodes });
  if (stationCodes && stationCodes.some((c) => !stations.some((s) => s.code === c)) && !scope.unitCode)
    throw new AppError('not_found', '部分供电所编码不存在 / Some station codes do not exist');
  if (stations.some((s) => !coversUnit(principal, s))) throw forbidden();
  if (stations.length === 0)
    throw new AppError('validation_failed', '所选范围内没有供电所 / No stations in the chosen scope');
  if (!label)
    label =
      stations.length <= 3
        ? stations.map((s) => s.name).join('、')
        : `${stations
            .slice(0, 3)
            .map((s) => s.name)
            .join('、')} 等 ${stations.length} 个供电所`;
  const cities = new Set(stations.map((s) => s.city_code));
  const counties = new Set(stations.map((s) => s.county_code));
  return {
    stations,
    label: scope.findingsOnly ? `${label}（有问题的客户）` : `${label}（全部客户）`,
    cityCode: cities.size === 1 ? stations[0]!.city_code : principal.cityCode,
    countyCode: counties.size === 1 ? stations[0]!.county_code : principal.countyCode,
  };
}
