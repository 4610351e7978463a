// Names and parents of the units a run's summary mentions. The summary lists units by level with
// their names, and its counts rows carry the parent codes; units without findings have no counts
// row, so for those the parent falls back to the code prefix (org codes nest in this province).
import type { RunSummary } from '../api/validation-api.ts';

export type RegionIndex = {
  name: (code: string) => string | undefined;
  /** The city or county a county or station belongs to. */
  parentOf: (code: string, parentLevel: 'city' | 'county') => string | undefined;
  stationsOf: (countyCode: string) => string[];
  countiesOf: (cityCode: string) => string[];
};

export function buildRegionIndex(summaries: (RunSummary | undefined)[]): RegionIndex {
  const names = new Map<string, string>();
  const city = new Map<string, string>();
  const county = new Map<string, string>();
  const codesAt = { city: [] as string[], county: [] as string[], station: [] as string[] };
  for (const summary of summaries) {
    if (!summary) continue;
    for (const unit of summary.units) {
      names.set(unit.code, unit.name);
      codesAt[summary.level].push(unit.code);
    }
    for (const row of summary.counts) {
      if (row.countyCode) city.set(row.countyCode, row.cityCode);
      if (row.stationCode) {
        city.set(row.stationCode, row.cityCode);
        if (row.countyCode) county.set(row.stationCode, row.countyCode);
      }
    }
  }
  const byPrefix = (code: string, candidates: string[]) =>
    candidates.filter((c) => code.startsWith(c) && c !== code).sort((a, b) => b.length - a.length)[0];
  const parentOf = (code: string, level: 'city' | 'county') =>
    (level === 'city' ? city : county).get(code) ?? byPrefix(code, codesAt[level]);
  return {
    name: (code) => names.get(code),
    parentOf,
    stationsOf: (countyCode) => codesAt.station.filter((s) => parentOf(s, 'county') === countyCode),
    countiesOf: (cityCode) => codesAt.county.filter((c) => parentOf(c, 'city') === cityCode),
  };
}
