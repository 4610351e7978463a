// When a customer is due for re-verification (复核), as SQL over a customer row `c`: the contact
// data was last verified (confirmed or corrected, in any cycle or between cycles) before the
// cut-off, or — never verified — the customer came in before it; an SMS to the number bounced
// (an open sms_failed flag); or the mobile became shared (an X-01 finding in the latest run, and
// no verification since that run). One definition for the per-station list (worksheet export)
// and the due counts per station.
import { sql, type RawBuilder } from 'kysely';

export interface DueParams {
  /** contact data verified before this is stale */
  staleBefore: Date;
  /** every campaign (cycle) whose states count as verifications */
  campaignIds: readonly number[];
}

/** The shared-mobile rule of the cross-record checks. */
export const SHARED_MOBILE_RULE = 'X-01';

/** Latest verification of `c` (null: never), from each cycle's state and the log between cycles. */
const lastVerified = (c: string, p: DueParams) => sql<Date | null>`(
  select max(t) from (
    select v.updated_at as t from customer_verification v
    where v.campaign_id = any(${[...p.campaignIds]}::bigint[]) and v.customer_id = ${sql.ref(`${c}.id`)}
      and v.state in ('confirmed', 'corrected')
    union all
    select e.at from verification_events e
    where e.campaign_id is null and e.customer_id = ${sql.ref(`${c}.id`)}
      and e.to_state in ('confirmed', 'corrected')
  ) x)`;

/**
 * The three reasons as boolean SQL. `runId` is the validation run whose findings count for the
 * customer (the latest completed one covering it), as a value or an expression over `c`.
 */
export function dueReasons(c: string, runId: RawBuilder<number | null>, p: DueParams) {
  const last = lastVerified(c, p);
  const id = sql.ref(`${c}.id`);
  return {
    stale: sql<boolean>`coalesce(${last}, ${sql.ref(`${c}.created_at`)}) < ${p.staleBefore}::timestamptz`,
    bounced: sql<boolean>`exists (
      select 1 from customer_flags fl
      where fl.customer_id = ${id} and fl.kind = 'sms_failed' and fl.resolved_at is null)`,
    shared: sql<boolean>`exists (
      select 1 from findings f join validation_runs r on r.id = f.run_id
      where f.run_id = ${runId} and f.customer_id = ${id} and f.rule_id = ${SHARED_MOBILE_RULE}
        and coalesce(${last}, '-infinity'::timestamptz) < r.finished_at)`,
  };
}

/** Any of the reasons. */
export function isDue(c: string, runId: RawBuilder<number | null>, p: DueParams): RawBuilder<boolean> {
  const r = dueReasons(c, runId, p);
  return sql<boolean>`(${r.stale} or ${r.bounced} or ${r.shared})`;
}

/** N months before a Shanghai instant (calendar months, same day; clamped by the database). */
export const monthsBefore = (now: Date, months: number) => {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};
