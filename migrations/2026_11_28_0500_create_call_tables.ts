// Call verification (人工互动式校验): each member of a call sampling plan becomes one call task, a
// row of the work queue an agent claims with a lease; the agent's verdict per field is kept beside
// it, so the error-rate report counts rows instead of re-reading customers. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table call_tasks (
    id bigint generated always as identity primary key,
    plan_id bigint not null references sampling_plans (id) on delete cascade,
    customer_id bigint not null references customers (id),
    stratum_code text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    draw_rank integer not null,
    status text not null default 'open' check (status in ('open', 'done')),
    -- the lease: who holds the task until when, and the customer's version they were shown
    leased_by bigint references users (id),
    lease_expires_at timestamptz,
    leased_version integer,
    claims integer not null default 0,
    result text check (result in ('answered', 'no_answer', 'wrong_person', 'refused', 'empty_number')),
    -- the client's id for the save: a retried save with the same id is answered, not re-applied
    request_id text unique,
    note text,
    finished_by bigint references users (id),
    finished_at timestamptz,
    unique (plan_id, customer_id),
    check ((status = 'done') = (result is not null))
  )`,
  // The claim walks this index in draw order, per plan and (for a city's agents) per city.
  `create index call_tasks_open on call_tasks (plan_id, draw_rank, id) where status = 'open'`,
  `create index call_tasks_open_city on call_tasks (plan_id, city_code, draw_rank, id) where status = 'open'`,
  // One open task per agent: a second claim by the same agent gets their task back.
  `create unique index call_tasks_one_per_agent on call_tasks (leased_by) where status = 'open'`,
  `create index call_tasks_report on call_tasks (plan_id, city_code, stratum_code) where status = 'done'`,

  `create table call_field_results (
    call_id bigint not null references call_tasks (id) on delete cascade,
    field text not null check (field in ('name', 'mobile', 'landline', 'address')),
    verdict text not null check (verdict in ('correct', 'wrong', 'unreachable')),
    old_value text,
    new_value text,
    primary key (call_id, field)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
