// The claim is the queue's one concurrency-critical statement: its compiled SQL is pinned here,
// so dropping SKIP LOCKED, the lease re-check or the region cut shows up in review.
import { expect, it } from 'vitest';
import { compileTrx } from '../../testing/compile-sql.ts';
import { claimTaskQuery } from './queries.ts';

it('claims one open task in draw order, skipping locked rows, within the agent’s city', () => {
  const agent = {
    kind: 'user',
    id: 7,
    username: 'a',
    name: 'a',
    role: 'agent',
    region: { cityCode: '5301' },
  } as const;
  const now = new Date('2026-11-28T02:00:00Z');
  const compiled = claimTaskQuery(compileTrx, {
    planId: 3,
    agent,
    now,
    leaseUntil: new Date(now.getTime() + 900_000),
  }).compile();
  expect(compiled.sql).toMatchInlineSnapshot(
    `"update "call_tasks" set "leased_by" = $1, "lease_expires_at" = $2, "claims" = "claims" + $3 where "id" = (select "id" from "call_tasks" where "plan_id" = $4 and "status" = $5 and ("leased_by" is null or "lease_expires_at" <= $6) and ("skipped_by" is null or "skipped_by" <> $7 or "skipped_until" <= $8) and "city_code" = $9 order by "draw_rank", "id" limit $10 for update skip locked) returning "id""`,
  );
  expect(compiled.parameters.slice(0, 5)).toEqual([7, new Date('2026-11-28T02:15:00Z'), 1, 3, 'open']);
});
