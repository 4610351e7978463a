// The dashboard's per-request reads as compiled SQL, per region. Each reads a kept aggregate
// (station counts, SMS sample counts, unit counts, snapshots, entry-gate counts), never customers, and is cut to
// the region on the aggregate's own columns.
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import {
  customersInQuery,
  gateByStationQuery,
  openErrorsQuery,
  smsSamplingInQuery,
  trendQuery,
} from './queries.ts';

describe.each(Object.entries(SAMPLE_REGIONS))('the dashboard of the %s', (_, region) => {
  const queries = {
    customers: customersInQuery(compileDb, region),
    smsSampling: smsSamplingInQuery(compileDb, region),
    openErrors: openErrorsQuery(region),
    trend: trendQuery(compileDb, 3, 'county', region, 10),
    monthlyTrend: trendQuery(compileDb, 3, 'county', region, 12, 'month'),
    entryGate: gateByStationQuery(compileDb, '2026-11-01', region, 15),
  };
  it.each(Object.entries(queries))('reads %s from a kept aggregate', (_, q) => {
    const compiled = compileSql(q);
    expect(compiled.sql).not.toMatch(/(from|join) "?customers"?\b/);
    expect(compiled).toMatchSnapshot();
  });
});
