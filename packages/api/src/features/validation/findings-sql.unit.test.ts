// The findings reads as compiled SQL, per kind of viewer: each is cut to the viewer's region on
// the findings' own columns (no join through customers or org_units to scope).
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql, SAMPLE_REGIONS, viewerIn } from '../../testing/compile-sql.ts';
import { findingCountsQuery, findingPageQuery, unitScoresQuery } from './findings.queries.ts';

describe.each(Object.entries(SAMPLE_REGIONS))('findings seen from the %s', (_, region) => {
  const viewer = viewerIn(region);
  it('lists a page of findings with filters', () => {
    const page = findingPageQuery(compileDb, viewer, 7, { field: 'mobile', severity: 'error' }, 2, 50);
    expect(compileSql(page)).toMatchSnapshot();
  });
  it('counts by unit × field × rule × severity', () => {
    expect(compileSql(findingCountsQuery(compileDb, viewer, 7, 'county'))).toMatchSnapshot();
  });
  it('scores the units', () => {
    expect(compileSql(unitScoresQuery(compileDb, viewer, 7, 'station'))).toMatchSnapshot();
  });
});
