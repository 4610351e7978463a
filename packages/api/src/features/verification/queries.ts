// SQL of the verification state: one set-based upsert that applies the state machine, logs each
// transition and (through the table's statement triggers) keeps verification_counters in step.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, VerificationSource, VerificationState } from '../../db/schema.ts';
import { CAN_TRANSITION_SQL } from './states.ts';

export function findActiveCampaign(db: Kysely<Database>) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'name', 'status', 'created_at'])
    .where('status', '=', 'active')
    .executeTakeFirst();
}

export async function hasAnyCampaign(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst()) !== undefined;
}

/** Results logged between cycles: no campaign, no state; only customers that exist. */
export async function insertEventsBetweenCycles(
  trx: Trx,
  w: Omit<UpsertStatesInput, 'campaignId'>,
): Promise<void> {
  if (w.customerIds.length === 0) return;
  await sql`
    insert into verification_events (campaign_id, customer_id, from_state, to_state, source, ref, user_id, at)
    select null, t.customer_id, 'not_started', t.state, ${w.source}, ${w.ref}, ${w.userId}, ${w.at}::timestamptz
    from unnest(${w.customerIds}::bigint[], ${w.states}::text[]) as t(customer_id, state)
    where exists (select 1 from customers c where c.id = t.customer_id)`.execute(trx);
}

/** The default cycle's start, in the cycles' audit log (campaign/cycles.ts logs the rest). */
export async function logCreatedCampaign(trx: Trx, id: number, userId: number | null, now: Date) {
  await trx
    .insertInto('campaign_transitions')
    .values({ campaign_id: id, from_status: null, to_status: 'active', user_id: userId, at: now })
    .execute();
}

export async function insertCampaignIfNoneActive(trx: Trx, name: string, userId: number | null, now: Date) {
  await trx
    .insertInto('campaigns')
    .values({
      name,
      created_by: userId,
      created_at: now,
      activated_at: now,
      closed_at: null,
      closed_by: null,
    })
    .onConflict((oc) =>
      oc
        .expression(sql`(true)`)
        .where('status', '=', 'active')
        .doNothing(),
    )
    .execute();
}

export interface StateWrite {
  campaignId: number;
  source: VerificationSource;
  ref: string | null;
  userId: number | null;
  at: Date;
}

export interface UpsertStatesInput extends StateWrite {
  customerIds: number[];
  states: VerificationState[];
}

/**
 * The writes of a state change, as the CTEs that follow an `input` CTE of existing customers'
 * (customer_id, state, city_code, county_code, station_code), whose codes are copied: the
 * previous states, the upsert (the state machine's rule as its condition; statement triggers keep
 * verification_counters in step) and the log of each transition. `logged` has a row per
 * transition. A caller may build `input` from its own query (the worksheet export moves the page
 * it reads in the same statement). `previous` is materialized: read once, before the upsert; inlined
 * into `logged`'s join, the planner may repeat its lookups for every written row.
 */
export function stateWriteCtes(w: StateWrite): RawBuilder<unknown> {
  return sql`
    previous as materialized (
      select v.customer_id, v.state from customer_verification v
      where v.campaign_id = ${w.campaignId} and v.customer_id in (select customer_id from input)
    ),
    written as (
      insert into customer_verification as current
        (campaign_id, customer_id, state, source, ref, city_code, county_code, station_code, user_id, updated_at)
      select ${w.campaignId}, i.customer_id, i.state, ${w.source}, ${w.ref},
             i.city_code, i.county_code, i.station_code, ${w.userId}, ${w.at}::timestamptz
      from input i
      on conflict (campaign_id, customer_id) do update set
        state = excluded.state, source = excluded.source, ref = excluded.ref,
        user_id = excluded.user_id, updated_at = excluded.updated_at
      where ${sql.raw(CAN_TRANSITION_SQL)}
      returning current.customer_id, current.state
    ),
    logged as (
      insert into verification_events (campaign_id, customer_id, from_state, to_state, source, ref, user_id, at)
      select ${w.campaignId}, w.customer_id, coalesce(p.state, 'not_started'), w.state,
             ${w.source}, ${w.ref}, ${w.userId}, ${w.at}::timestamptz
      from written w left join previous p on p.customer_id = w.customer_id
      returning 1
    )`;
}

/** Returns how many customers actually changed state (each logged in verification_events). */
export async function upsertStates(trx: Trx, input: UpsertStatesInput): Promise<number> {
  const result = await sql<{ applied: number }>`
    with input as (
      select t.customer_id, t.state, c.city_code, c.county_code, c.station_code
      from unnest(${input.customerIds}::bigint[], ${input.states}::text[]) as t(customer_id, state)
      join customers c on c.id = t.customer_id
    ),
    ${stateWriteCtes(input)}
    select count(*)::int as applied from logged
  `.execute(trx);
  return Number(result.rows[0]?.applied ?? 0);
}

export function findStates(db: Kysely<Database>, campaignId: number, customerIds: readonly number[]) {
  if (customerIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('customer_verification')
    .select(['customer_id', 'state', 'source', 'ref', 'updated_at'])
    .where('campaign_id', '=', campaignId)
    .where('customer_id', 'in', customerIds)
    .execute();
}
