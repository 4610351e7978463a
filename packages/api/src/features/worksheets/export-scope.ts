// Which stations an export covers, checked against the caller's region.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, forbidden } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { covers, resolveRegion, type Region } from '../auth/region.ts';
import { getPilotStationCodes } from '../campaign/service.ts';
import { getActiveCampaign } from '../verification/service.ts';
import * as q from './queries.ts';
import type { ExportScope } from '@qingyuan/contract/worksheets';

/** The active campaign's pilot stations (试点供电所); null when none are chosen yet. */
export async function pilotStationCodes(db: Kysely<Database>): Promise<string[] | null> {
  const campaign = await getActiveCampaign(db);
  const codes = campaign ? await getPilotStationCodes(db, campaign.id) : [];
  return codes.length > 0 ? codes : null;
}

/** Where a re-verification list is worked: no special trip, the next visit anyway. */
export const REVERIFY_WHEN = '抄表或收费时核实';

export interface ResolvedScope {
  stations: q.StationRow[];
  label: string;
  /** the region the export row is filed under (who may list it) */
  region: Region;
}

export async function resolveScope(
  db: Kysely<Database>,
  principal: Principal,
  scope: ExportScope,
): Promise<ResolvedScope> {
  const stationCodes = scope.stationCodes;
  // Pilot only: the scope as chosen (a unit, the caller's region, or stations), cut to the pilot.
  const pilot = scope.pilotOnly ? await pilotStationCodes(db) : null;
  if (scope.pilotOnly && !pilot)
    throw new AppError(
      'validation_failed',
      '尚未配置试点供电所（由省公司在“治理工作”中选定），请直接选择供电所 / No pilot stations are configured yet (the province chooses them on the campaign page): choose the stations explicitly',
    );
  // a unit asked for, or (without stations) the caller's own region; refused outside it
  const unit = scope.unitCode || !stationCodes ? await resolveRegion(db, principal, scope.unitCode) : null;
  let label = unit?.name ?? '';
  const found = await q.findStations(db, { region: unit?.region, stationCodes });
  if (stationCodes && stationCodes.some((c) => !found.some((s) => s.code === c)) && !scope.unitCode)
    throw new AppError('not_found', '部分供电所编码不存在 / Some station codes do not exist');
  const stations = pilot ? found.filter((s) => pilot.includes(s.code)) : found;
  if (pilot) label = `${label || '所选供电所'}·试点`;
  if (stations.some((s) => !covers(principal.region, s))) throw forbidden();
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
    label: scope.reverifyDue
      ? `${label}（到期复核·${REVERIFY_WHEN}）`
      : scope.findingsOnly
        ? `${label}（有问题的客户）`
        : `${label}（全部客户）`,
    region: {
      cityCode: cities.size === 1 ? stations[0]!.city_code : principal.region.cityCode,
      countyCode: counties.size === 1 ? stations[0]!.county_code : principal.region.countyCode,
    },
  };
}
