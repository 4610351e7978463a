// All SQL of call verification: the work queue (claim with a lease, FOR UPDATE SKIP LOCKED), the
// saved verdicts, and the counts the error-rate report is computed from.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { CallField, CallResult, CallVerdict, Database } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';
import { customerColumns } from '../validation/queries.ts';

/** A call plan by id, or the newest call plan. */
export function findCallPlan(db: Kysely<Database>, planId?: number) {
  let qb = db.selectFrom('sampling_plans').select(['id', 'name', 'created_at']).where('kind', '=', 'call');
  qb = planId === undefined ? qb.orderBy('id', 'desc').limit(1) : qb.where('id', '=', planId);
  return qb.executeTakeFirst();
}

export function findCallPlans(db: Kysely<Database>, limit = 50) {
  return db
    .selectFrom('sampling_plans')
    .select(['id', 'name', 'created_at'])
    .where('kind', '=', 'call')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function hasTasks(db: Kysely<Database>, planId: number): Promise<boolean> {
  const row = await db
    .selectFrom('call_tasks')
    .select('id')
    .where('plan_id', '=', planId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The plan's members as open tasks; safe to run twice or concurrently (the second does nothing). */
export async function insertTasksFromMembers(trx: Trx, planId: number): Promise<void> {
  await sql`
    insert into call_tasks (plan_id, customer_id, stratum_code, city_code, county_code, station_code, draw_rank)
    select m.plan_id, m.customer_id, m.stratum_code, m.city_code, m.county_code, m.station_code, m.draw_rank
    from sample_members m where m.plan_id = ${planId}
    order by m.draw_rank, m.customer_id
    on conflict (plan_id, customer_id) do nothing`.execute(trx);
}

/** Serialises one agent's claims (a double click sends two), never two agents'. */
export async function lockAgent(trx: Trx, userId: number): Promise<void> {
  await sql`select pg_advisory_xact_lock(${CALL_LOCK_SPACE}, ${userId}::int)`.execute(trx);
}
const CALL_LOCK_SPACE = 5050;

export function findHeldTask(trx: Trx, planId: number, userId: number) {
  return trx
    .selectFrom('call_tasks')
    .select('id')
    .where('plan_id', '=', planId)
    .where('leased_by', '=', userId)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

/** Frees the agent's open task in another plan, so the one-task-per-agent index lets them move on. */
export async function releaseOtherPlans(trx: Trx, planId: number, userId: number): Promise<void> {
  await trx
    .updateTable('call_tasks')
    .set({ leased_by: null, lease_expires_at: null, leased_version: null })
    .where('leased_by', '=', userId)
    .where('status', '=', 'open')
    .where('plan_id', '<>', planId)
    .execute();
}

/**
 * Takes the first open task in draw order that nobody holds (or whose lease ran out) in the
 * caller's region. SKIP LOCKED lets concurrent claims pass each other instead of queueing on the
 * same row; the lease fields are re-checked on the locked row, so a task leased a moment ago by a
 * committed claim is skipped too.
 */
export function claimTaskQuery(
  trx: Trx,
  opts: { planId: number; agent: Principal; now: Date; leaseUntil: Date },
) {
  const candidate = inRegion(
    trx
      .selectFrom('call_tasks')
      .select('id')
      .where('plan_id', '=', opts.planId)
      .where('status', '=', 'open')
      .where((eb) => eb.or([eb('leased_by', 'is', null), eb('lease_expires_at', '<=', opts.now)]))
      // a customer this agent just skipped goes to the others first
      .where((eb) =>
        eb.or([
          eb('skipped_by', 'is', null),
          eb('skipped_by', '<>', opts.agent.id),
          eb('skipped_until', '<=', opts.now),
        ]),
      )
      .orderBy('draw_rank')
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked(),
    opts.agent.region,
  );
  return trx
    .updateTable('call_tasks')
    .set((eb) => ({
      leased_by: opts.agent.id,
      lease_expires_at: opts.leaseUntil,
      claims: eb('claims', '+', 1),
    }))
    .where('id', '=', candidate)
    .returning('id');
}

export async function claimTask(
  trx: Trx,
  opts: { planId: number; agent: Principal; now: Date; leaseUntil: Date },
): Promise<number | undefined> {
  return (await claimTaskQuery(trx, opts).executeTakeFirst())?.id;
}

/** (Re)starts the lease and remembers the customer version the agent is about to be shown. */
export async function renewLease(trx: Trx, taskId: number, leaseUntil: Date): Promise<void> {
  await trx
    .updateTable('call_tasks')
    .set({
      lease_expires_at: leaseUntil,
      leased_version: sql<number>`(select c.version from customers c where c.id = call_tasks.customer_id)`,
    })
    .where('id', '=', taskId)
    .execute();
}

export function findCallView(db: Kysely<Database>, taskId: number) {
  return db
    .selectFrom('call_tasks as t')
    .innerJoin('sampling_plans as p', 'p.id', 't.plan_id')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .innerJoin('org_units as station', 'station.code', 'c.station_code')
    .innerJoin('org_units as county', 'county.code', 'c.county_code')
    .innerJoin('org_units as city', 'city.code', 'c.city_code')
    .select([
      't.id',
      't.plan_id',
      'p.name as plan_name',
      't.customer_id',
      't.claims',
      't.lease_expires_at',
      't.leased_version',
      'c.customer_no',
      'c.name',
      'c.mobile',
      'c.landline',
      'c.address',
      'c.city_code',
      'c.county_code',
      'station.name as station_name',
      'county.name as county_name',
      'city.name as city_name',
    ])
    .where('t.id', '=', taskId)
    .executeTakeFirstOrThrow();
}
export type CallViewRow = Awaited<ReturnType<typeof findCallView>>;

/** Hands the agent's task back to the queue, kept from this agent until `until`; false: not held. */
export async function releaseTask(trx: Trx, taskId: number, userId: number, until: Date): Promise<boolean> {
  const res = await trx
    .updateTable('call_tasks')
    .set({
      leased_by: null,
      lease_expires_at: null,
      leased_version: null,
      skipped_by: userId,
      skipped_until: until,
    })
    .where('id', '=', taskId)
    .where('leased_by', '=', userId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(res.numUpdatedRows) > 0;
}

/** Calls this agent finished since `since` (the start of their Beijing day). */
export async function countDoneSince(db: Kysely<Database>, userId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('call_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('finished_by', '=', userId)
    .where('status', '=', 'done')
    .where('finished_at', '>=', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The newest completed runs (few): the first covering a customer holds its current findings. */
export const findCompletedRuns = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'city_code', 'county_code'])
    .where('status', '=', 'completed')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();

/** One customer's findings in one run (the findings_run_customer index). */
export const findFindingsIn = (db: Kysely<Database>, runId: number, customerId: number) =>
  db
    .selectFrom('findings')
    .select(['field', 'message_zh', 'message_en'])
    .where('run_id', '=', runId)
    .where('customer_id', '=', customerId)
    .orderBy('id')
    .limit(20)
    .execute();

export async function countOpenTasks(db: Kysely<Database>, planId: number, viewer: Principal) {
  const row = await inRegion(
    db
      .selectFrom('call_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', planId)
      .where('status', '=', 'open'),
    viewer.region,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function lockTask(trx: Trx, taskId: number) {
  return trx.selectFrom('call_tasks').selectAll().where('id', '=', taskId).forUpdate().executeTakeFirst();
}
export type TaskRow = NonNullable<Awaited<ReturnType<typeof lockTask>>>;

export function lockCustomer(trx: Trx, customerId: number) {
  return trx
    .selectFrom('customers as c')
    .select([...customerColumns, 'c.version', 'c.status'])
    .where('c.id', '=', customerId)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

export async function finishTask(
  trx: Trx,
  taskId: number,
  values: { result: CallResult; requestId: string; note: string | null; userId: number; now: Date },
): Promise<void> {
  await trx
    .updateTable('call_tasks')
    .set({
      status: 'done',
      result: values.result,
      request_id: values.requestId,
      note: values.note,
      finished_by: values.userId,
      finished_at: values.now,
      lease_expires_at: null,
    })
    .where('id', '=', taskId)
    .execute();
}

export async function insertFieldResults(
  trx: Trx,
  rows: {
    call_id: number;
    field: CallField;
    verdict: CallVerdict;
    old_value: string | null;
    new_value: string | null;
  }[],
): Promise<void> {
  if (rows.length > 0) await trx.insertInto('call_field_results').values(rows).execute();
}

export function findFieldResults(db: Kysely<Database>, taskId: number) {
  return db
    .selectFrom('call_field_results')
    .select(['field', 'verdict', 'new_value'])
    .where('call_id', '=', taskId)
    .execute();
}

export async function isRequestIdUsed(trx: Trx, requestId: string): Promise<boolean> {
  const row = await trx
    .selectFrom('call_tasks')
    .select('id')
    .where('request_id', '=', requestId)
    .executeTakeFirst();
  return row !== undefined;
}
