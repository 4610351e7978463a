// A sampling plan's SMS statistics as compiled SQL, per region: members and messages are cut on
// their own city/county columns.
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql, SAMPLE_REGIONS } from '../../testing/compile-sql.ts';
import { planMembersQuery, planSmsCountsQuery } from './stats.ts';

describe.each(Object.entries(SAMPLE_REGIONS))('SMS statistics of the %s', (_, region) => {
  it('counts the plan’s members', () => {
    expect(compileSql(planMembersQuery(compileDb, 12, region))).toMatchSnapshot();
  });
  it('counts the plan’s messages per city, with replies', () => {
    expect(compileSql(planSmsCountsQuery(12, region))).toMatchSnapshot();
  });
});
