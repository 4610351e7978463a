// The conflict list and its per-city counts as compiled SQL, per region: every read is over
// source_conflicts' open rows (the partial index source_conflicts_scope) cut on its own city and
// county columns; a resolution locks only the conflicts it names.
import { describe, expect, it } from 'vitest';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { compileDb, compileSql, compileTrx, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import {
  conflictCountQuery,
  conflictPageQuery,
  lockOpenConflictsQuery,
  markResolvedQuery,
  openByCityQuery,
} from './queries.ts';

describe.each(Object.entries(SAMPLE_REGIONS))('conflicts of the %s', (_, region) => {
  const filter = { region, field: 'mobile', openedBy: TEST_EPOCH };
  const queries = {
    page: conflictPageQuery(compileDb, filter, 50, 50),
    count: conflictCountQuery(compileDb, { region }),
    openByCity: openByCityQuery(compileDb, region),
  };
  it.each(Object.entries(queries))('reads %s from the open conflicts in the region', (_, q) => {
    const compiled = compileSql(q);
    expect(compiled.sql).toMatch(/"s"\."status" = \$\d/);
    expect(compiled).toMatchSnapshot();
  });
});

it('locks the open conflicts it resolves, by id, in id order', () => {
  expect(compileSql(lockOpenConflictsQuery(compileTrx, [3, 1]))).toMatchSnapshot();
  expect(
    compileSql(
      markResolvedQuery(compileTrx, 3, { resolution: 'keep_ours', value: 'x', userId: 7, now: TEST_EPOCH }),
    ),
  ).toMatchSnapshot();
});
