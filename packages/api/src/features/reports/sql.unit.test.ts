// Ranking and evaluation reads as compiled SQL, per region: stored snapshot rows cut on their own
// city/county columns; evaluations are kept per city, so a county view reads its city's.
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import { evaluationsQuery, snapshotUnitsQuery } from './queries.ts';

const LEVELS = {
  province: ['province', 'city'],
  city: ['city', 'county', 'station'],
  county: ['county', 'station'],
} as const;

describe.each(Object.entries(SAMPLE_REGIONS))('the %s', (name, region) => {
  it('ranks the units one level below from the week’s snapshot', () => {
    const q = snapshotUnitsQuery(
      compileDb,
      3,
      'week',
      '2026-W48',
      LEVELS[name as keyof typeof LEVELS],
      region,
    );
    expect(compileSql(q)).toMatchSnapshot();
  });
  it('reads the evaluation of its cities', () => {
    expect(compileSql(evaluationsQuery(compileDb, 3, 'week', '2026-W48', region))).toMatchSnapshot();
  });
});
