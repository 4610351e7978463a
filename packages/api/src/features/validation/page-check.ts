// One keyset page checked into what the main thread commits: the findings as table rows and the
// per-station counts. Shared by the page workers and the main thread's own share of the pages;
// no database import here, so a worker does not load what it does not need.
import type { CompiledRuleSet } from '@qingyuan/rules';
import type { Cell } from '../../db.ts';
import type * as q from './queries.ts';
import { findingCells, toRecord, type Divisions } from './records.ts';

export interface StationTally {
  city: string;
  county: string;
  station: string;
  checked: number;
}

export function checkPageRows(
  rows: readonly q.CustomerPageRow[],
  rules: CompiledRuleSet,
  divisions: Divisions,
  runId: number,
) {
  const cells: Cell[][] = [];
  const stations = new Map<string, StationTally>();
  for (const row of rows) {
    for (const f of rules.check(toRecord(row, divisions))) cells.push(findingCells(runId, row, f));
    const s = stations.get(row.station_code);
    if (s) s.checked++;
    else
      stations.set(row.station_code, {
        city: row.city_code,
        county: row.county_code,
        station: row.station_code,
        checked: 1,
      });
  }
  return { cells, stations: [...stations.values()] };
}
