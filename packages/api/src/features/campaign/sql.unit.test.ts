// The snapshot and dashboard aggregates, as compiled SQL. Station progress must stay a join of
// the two kept per-station tables (station_customer_counts, verification_counters) — never a scan
// of customers; every read is cut to the region on its own columns.
import { describe, expect, it } from 'vitest';
import { compileDb as db, compileSql, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import { callErrorRatesQuery, findSmsDeliveryQuery, stationProgressQuery } from './snapshot-queries.ts';
import { awaitingWritebackQuery, writebackByStationQuery } from './writeback-queries.ts';

it('counts progress per station from the kept aggregates only (pilot, one city)', () => {
  const compiled = stationProgressQuery(db, 7, { pilotOnly: true, region: { cityCode: '5301' } }).compile();
  expect(compiled.sql).not.toMatch(/(from|join) "customers"/);
  expect(compiled.sql).toMatchInlineSnapshot(
    `"select "s"."station_code", "s"."city_code", "s"."county_code", s.customers::int as "in_scope", coalesce(v.confirmed + v.corrected + v.closed + v.not_found, 0)::int as "verified", coalesce(v.in_field, 0)::int as "in_field", coalesce(v.unreachable, 0)::int as "unreachable" from "station_customer_counts" as "s" left join "verification_counters" as "v" on "v"."station_code" = "s"."station_code" and "v"."campaign_id" = $1 where "s"."customers" > $2 and exists (select "p"."station_code" from "pilot_stations" as "p" where "p"."campaign_id" = $3 and "p"."station_code" = "s"."station_code") and "s"."city_code" = $4"`,
  );
  expect(compiled.parameters).toEqual([7, 0, 7, '5301']);
});

describe.each(Object.entries(SAMPLE_REGIONS))('snapshot reads of the %s', (_, region) => {
  it('counts progress per station (rollout)', () => {
    expect(compileSql(stationProgressQuery(db, 7, { pilotOnly: false, region }))).toMatchSnapshot();
  });
  it('counts SMS sample delivery per city (cut by city: older messages have no county)', () => {
    expect(compileSql(findSmsDeliveryQuery(db, region))).toMatchSnapshot();
  });
  it('counts call verdicts per city', () => {
    expect(compileSql(callErrorRatesQuery(db, region))).toMatchSnapshot();
  });
  it('counts corrections and those written back per station, from the change feed', () => {
    const compiled = compileSql(writebackByStationQuery(db, region));
    expect(compiled.sql).not.toMatch(/(from|join) "?customers"?\b/);
    expect(compiled).toMatchSnapshot();
  });
  it('finds corrected customers still waiting for the write-back, driven by the open changes', () => {
    const compiled = compileSql(awaitingWritebackQuery(7, region));
    expect(compiled.sql).not.toMatch(/(from|join) "?customers"?\b/);
    expect(compiled).toMatchSnapshot();
  });
});
