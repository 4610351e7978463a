// The worksheet export's reads as compiled SQL: the stations of the chosen region, and the keyset
// page of one station's customers, cut by all three codes so the customers_scope index
// (city_code, county_code, station_code, id) serves it.
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import { stationCustomerPage, stationsQuery } from './queries.ts';

const station = { code: '53010201', name: '华山供电所', city_code: '5301', county_code: '530102' };

describe('worksheet export', () => {
  it.each(
    Object.entries({ ...SAMPLE_REGIONS, station: { ...SAMPLE_REGIONS.county, stationCode: station.code } }),
  )('finds the stations of the %s', (_, region) => {
    expect(compileSql(stationsQuery(compileDb, { region }))).toMatchSnapshot();
  });
  it('finds stations by code, still cut to the region', () => {
    const q = stationsQuery(compileDb, {
      region: SAMPLE_REGIONS.city,
      stationCodes: ['53010201', '53030201'],
    });
    expect(compileSql(q)).toMatchSnapshot();
  });
  it('reads a page of a station’s customers', () => {
    const { sql } = compileSql(stationCustomerPage(compileDb, station, 0, 2_000, undefined));
    expect(sql).toContain(
      'where "c"."city_code" = $1 and "c"."county_code" = $2 and "c"."station_code" = $3',
    );
    expect(compileSql(stationCustomerPage(compileDb, station, 0, 2_000, undefined))).toMatchSnapshot();
  });
  it('reads a page of customers with findings in a run or an open flag', () => {
    expect(compileSql(stationCustomerPage(compileDb, station, 41, 2_000, 7))).toMatchSnapshot();
  });
});
