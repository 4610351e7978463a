// The counts behind the call report, per city and stratum (strata are weighted by population in
// the province figure): tasks and results from call_tasks, verdicts from call_field_results.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';

export interface StratumCounts {
  city_code: string;
  stratum_code: string;
  population: number;
  sampled: number;
  called: number;
  answered: number;
  no_answer: number;
  refused: number;
  wrong_person: number;
  empty_number: number;
}

export async function findStratumCounts(db: Kysely<Database>, planId: number, viewer: Principal) {
  const count = (result: string) => sql<number>`count(*) filter (where t.result = ${result})::int`;
  const rows = await inRegion(
    db
      .selectFrom('call_tasks as t')
      .leftJoin('sample_strata as s', (join) =>
        join.onRef('s.plan_id', '=', 't.plan_id').onRef('s.stratum_code', '=', 't.stratum_code'),
      )
      .where('t.plan_id', '=', planId)
      .groupBy(['t.city_code', 't.stratum_code', 's.population'])
      .select([
        't.city_code',
        't.stratum_code',
        sql<number>`coalesce(s.population, 0)::int`.as('population'),
        sql<number>`count(*)::int`.as('sampled'),
        sql<number>`count(*) filter (where t.status = 'done')::int`.as('called'),
        count('answered').as('answered'),
        count('no_answer').as('no_answer'),
        count('refused').as('refused'),
        count('wrong_person').as('wrong_person'),
        count('empty_number').as('empty_number'),
      ]),
    viewer.region,
    't',
  ).execute();
  return rows as StratumCounts[];
}

export interface VerdictCounts {
  city_code: string;
  stratum_code: string;
  field: string;
  checked: number;
  wrong: number;
}

/** Per stratum and field: verdicts known (correct or wrong) and how many were wrong. */
export async function findVerdictCounts(db: Kysely<Database>, planId: number, viewer: Principal) {
  const rows = await inRegion(
    db
      .selectFrom('call_field_results as f')
      .innerJoin('call_tasks as t', 't.id', 'f.call_id')
      .where('t.plan_id', '=', planId)
      .where('f.verdict', 'in', ['correct', 'wrong'])
      .groupBy(['t.city_code', 't.stratum_code', 'f.field'])
      .select([
        't.city_code',
        't.stratum_code',
        'f.field',
        sql<number>`count(*)::int`.as('checked'),
        sql<number>`count(*) filter (where f.verdict = 'wrong')::int`.as('wrong'),
      ]),
    viewer.region,
    't',
  ).execute();
  return rows as VerdictCounts[];
}

/** Per stratum: customers with at least one known verdict, and those with any field wrong. */
export async function findAnyWrongCounts(db: Kysely<Database>, planId: number, viewer: Principal) {
  const rows = await inRegion(
    db
      .selectFrom('call_tasks as t')
      .where('t.plan_id', '=', planId)
      .where('t.status', '=', 'done')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('call_field_results as f')
            .select('f.call_id')
            .whereRef('f.call_id', '=', 't.id')
            .where('f.verdict', 'in', ['correct', 'wrong']),
        ),
      )
      .groupBy(['t.city_code', 't.stratum_code'])
      .select([
        't.city_code',
        't.stratum_code',
        sql<string>`'any'`.as('field'),
        sql<number>`count(*)::int`.as('checked'),
        sql<number>`count(*) filter (where exists (
          select 1 from call_field_results w where w.call_id = t.id and w.verdict = 'wrong'))::int`.as(
          'wrong',
        ),
      ]),
    viewer.region,
    't',
  ).execute();
  return rows as VerdictCounts[];
}

export function findCityNames(db: Kysely<Database>, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', codes).execute();
}

export async function findPlanProgress(db: Kysely<Database>, planIds: readonly number[], viewer: Principal) {
  if (planIds.length === 0) return [];
  const members = await inRegion(
    db
      .selectFrom('sample_members')
      .where('plan_id', 'in', planIds)
      .groupBy('plan_id')
      .select(['plan_id', sql<number>`count(*)::int`.as('total')]),
    viewer.region,
  ).execute();
  const tasks = await inRegion(
    db
      .selectFrom('call_tasks')
      .where('plan_id', 'in', planIds)
      .groupBy('plan_id')
      .select([
        'plan_id',
        sql<number>`count(*) filter (where status = 'done')::int`.as('done'),
        sql<number>`count(*) filter (where status = 'open' and leased_by is not null)::int`.as('leased'),
      ]),
    viewer.region,
  ).execute();
  return planIds.map((id) => ({
    planId: id,
    total: members.find((m) => m.plan_id === id)?.total ?? 0,
    done: tasks.find((t) => t.plan_id === id)?.done ?? 0,
    leased: tasks.find((t) => t.plan_id === id)?.leased ?? 0,
  }));
}
