// Region scope, in one place. A Region is the part of the province someone may see (a caller's
// principal.region), or that something covers (a validation run, an export, a dashboard view).
// Every regional table row carries its own city_code / county_code (and station_code where it
// has one), so scope is a WHERE on the row itself, never a join through org_units:
//   inRegion(qb, region, alias)   cuts a kysely query to the region   (andInRegion: raw SQL)
//   covers(region, row)           the same test for a row already in memory
//   resolveRegion(db, viewer, c)  the unit a caller asks for, refused when outside their region
// The surprise: a table kept per city only (work reports, evaluations, targets, weekly reports)
// is cut with cityOf(region): a county user sees their city's rows there.
import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { Database, UnitLevel } from '../../db/schema.ts';
import { forbidden, notFound } from '../../errors.ts';
import { findOrgUnit } from './queries.ts';

export interface Region {
  /** absent or null: every city (the whole province) */
  readonly cityCode?: string | null;
  readonly countyCode?: string | null;
  /** only for a station's own reads (a worksheet page, its flags): no principal has one */
  readonly stationCode?: string | null;
}

export const PROVINCE: Region = Object.freeze({});

export const isProvince = (region: Region) => !region.cityCode && !region.countyCode && !region.stationCode;

/** The city part of a region, for tables kept per city (no county column to cut by). */
export const cityOf = (region: Region): Region =>
  region.cityCode ? { cityCode: region.cityCode } : PROVINCE;

/** A row's own region, from its nullable code columns (a run, an export): null = all of it. */
export const regionOf = (row: { city_code: string | null; county_code: string | null }): Region => ({
  cityCode: row.city_code,
  countyCode: row.county_code,
});

const COLUMNS = [
  ['cityCode', 'city_code'],
  ['countyCode', 'county_code'],
  ['stationCode', 'station_code'],
] as const;

/** The column = code pairs that cut to a region (none for the province). */
function cuts(region: Region, alias: string | undefined): [ref: string, code: string][] {
  const out: [string, string][] = [];
  for (const [key, column] of COLUMNS) {
    const code = region[key];
    if (code) out.push([alias ? `${alias}.${column}` : column, code]);
  }
  return out;
}

/** Anything with kysely's where(expression): select, update and delete builders. */
interface Filterable<QB> {
  where(expression: Expression<SqlBool>): QB;
}

/**
 * Cuts a query to the region: `alias.city_code = … and alias.county_code = …` for the codes the
 * region names (nothing for the province). The table (or alias) must have those columns.
 *   inRegion(db.selectFrom('findings as f'), viewer.region, 'f')
 */
export function inRegion<QB extends Filterable<QB>>(qb: QB, region: Region, alias?: string): QB {
  let q = qb;
  for (const [ref, code] of cuts(region, alias)) q = q.where(sql<SqlBool>`${sql.ref(ref)} = ${code}`);
  return q;
}

/** inRegion for raw SQL: `and alias.city_code = … …`, or nothing for the province. */
export function andInRegion(region: Region, alias: string): RawBuilder<unknown> {
  return sql.join(
    cuts(region, alias).map(([ref, code]) => sql`and ${sql.ref(ref)} = ${code}`),
    sql` `,
  );
}

/**
 * Rows that describe a region of their own (a validation run: null code = all of it) and overlap
 * the given one: the wider ones and those inside. A city team sees the province-wide runs.
 */
export function overlapsRegion<QB extends Filterable<QB>>(qb: QB, region: Region, alias: string): QB {
  let q = qb;
  for (const [ref, code] of cuts(region, alias))
    q = q.where(sql<SqlBool>`(${sql.ref(ref)} is null or ${sql.ref(ref)} = ${code})`);
  return q;
}

/** Does a row (by its codes) lie inside the region? A row's null code lies inside no narrower region. */
export function covers(
  region: Region,
  row: { city_code: string | null; county_code: string | null; station_code?: string | null },
): boolean {
  if (region.cityCode && row.city_code !== region.cityCode) return false;
  if (region.countyCode && row.county_code !== region.countyCode) return false;
  if (region.stationCode && row.station_code !== region.stationCode) return false;
  return true;
}

/** A unit the caller asked for (or their own), with the region it spans. */
export interface RegionUnit {
  level: UnitLevel;
  /** null for the province */
  code: string | null;
  name: string;
  region: Region;
}

/**
 * The unit a viewer asks for by org code (none: the viewer's own region), as a region. Unknown
 * code → not_found; a unit outside the viewer's region (the province for a city user) → forbidden.
 * Which levels make sense is the caller's call (the dashboard takes no station, an export does).
 */
export async function resolveRegion(
  db: Kysely<Database>,
  viewer: { region: Region },
  unitCode?: string,
): Promise<RegionUnit> {
  const code = unitCode ?? viewer.region.countyCode ?? viewer.region.cityCode;
  if (!code) return { level: 'province', code: null, name: '全省', region: PROVINCE };
  const unit = await findOrgUnit(db, code);
  if (!unit) throw notFound(`单位 ${code}`, 'unit');
  // a city's own city_code is its code, a county's county_code likewise (the org loader sets them)
  if (!covers(viewer.region, unit)) throw forbidden();
  const region: Region =
    unit.level === 'province'
      ? PROVINCE
      : unit.level === 'city'
        ? { cityCode: unit.code }
        : unit.level === 'county'
          ? { cityCode: unit.city_code, countyCode: unit.code }
          : { cityCode: unit.city_code, countyCode: unit.county_code, stationCode: unit.code };
  return { level: unit.level, code: unit.level === 'province' ? null : unit.code, name: unit.name, region };
}
