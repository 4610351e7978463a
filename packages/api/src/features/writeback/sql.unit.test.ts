// The change feed as compiled SQL, per region: pages of the feed, the change file's selection and
// pages, the per-city counts, acknowledgements. Every read is cut to the region on the change's
// own city/county columns (andInRegion / inRegion); the file names its open export ranges inline
// instead of probing change_exports per row.
import { describe, expect, it } from 'vitest';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { compileDb, compileSql, compileTrx, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import { rejectionsQuery } from './ack.ts';
import {
  changesAfterQuery,
  changesByCityQuery,
  fileChangesQuery,
  insertExportQuery,
  lockChangesQuery,
  openExportRangesQuery,
  pendingChangesQuery,
  selectionFieldsQuery,
  setChangeStateQuery,
} from './queries.ts';

const EXPORTED = [
  { after_id: 0, through_id: 100, city_code: '5301', county_code: null },
  { after_id: 100, through_id: 250, city_code: null, county_code: null },
];

describe.each(Object.entries(SAMPLE_REGIONS))('the change feed of the %s', (name, region) => {
  const pending = { region, throughId: 900, exported: EXPORTED };
  const again = { region, throughId: 900, afterId: 40 };
  const queries = {
    feedPage: changesAfterQuery(compileDb, region, 10, 900, 1000),
    pendingList: pendingChangesQuery(compileDb, region, 200),
    byCity: changesByCityQuery(region),
    fileFields: selectionFieldsQuery(pending),
    filePage: fileChangesQuery(pending),
    fileFieldsAgain: selectionFieldsQuery(again),
    filePageAgain: fileChangesQuery(again),
  };
  it.each(Object.entries(queries))('reads %s within the region', (_, q) => {
    const compiled = compileSql(q);
    if (name !== 'province') expect(compiled.parameters).toContain('5301');
    if (name === 'county') expect(compiled.parameters).toContain('530102');
    expect(compiled).toMatchSnapshot();
  });
  it('records an export as one range over the region', () => {
    const row = {
      region,
      afterId: 10,
      throughId: 900,
      changes: 3,
      customers: 2,
      format: 'csv',
      userId: 1,
      tokenId: null,
      now: TEST_EPOCH,
    };
    expect(compileSql(insertExportQuery(compileDb, row))).toMatchSnapshot();
  });
});

it('finds the exports that may still cover a pending change', () => {
  expect(compileSql(openExportRangesQuery())).toMatchSnapshot();
});

it('acknowledges by id: locks the changes, sets their state, turns refusals into conflicts', () => {
  const ack = { at: TEST_EPOCH, reason: null, by: 'token:marketing' };
  expect(compileSql(lockChangesQuery(compileTrx, [5, 6]))).toMatchSnapshot();
  expect(compileSql(setChangeStateQuery(compileTrx, [5, 6], 'written_back', ack))).toMatchSnapshot();
  expect(compileSql(rejectionsQuery([{ id: 7, ack_reason: '户号不存在' }], ack))).toMatchSnapshot();
});
