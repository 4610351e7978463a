// Sampling plans for the SMS and call checks: the plan with its seed, its strata (population and
// size drawn, for the statistics) and its members. Reproducible: same seed, same data, same
// sample. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table sampling_plans (
    id bigint generated always as identity primary key,
    campaign_id bigint references campaigns (id),
    kind text not null check (kind in ('sms', 'call')),
    name text not null,
    rate numeric,
    size_per_stratum integer,
    stratify_by text not null check (stratify_by in ('city', 'county', 'station')),
    city_codes text[],
    exclude_days integer not null default 0 check (exclude_days >= 0),
    seed text not null,
    rule_set_version integer,
    members integer not null default 0,
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    check ((rate is null) <> (size_per_stratum is null)),
    check (rate is null or (rate > 0 and rate <= 1)),
    check (size_per_stratum is null or size_per_stratum > 0)
  )`,
  `create table sample_strata (
    plan_id bigint not null references sampling_plans (id) on delete cascade,
    stratum_code text not null,
    city_code text not null,
    population integer not null,
    target integer not null,
    drawn integer not null,
    primary key (plan_id, stratum_code)
  )`,
  `create table sample_members (
    plan_id bigint not null references sampling_plans (id) on delete cascade,
    customer_id bigint not null references customers (id),
    stratum_code text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    -- the mobile as checked by the rules engine when drawn (normalised), where the message goes
    mobile text not null,
    draw_rank integer not null,
    primary key (plan_id, customer_id)
  )`,
  `create index sample_members_customer on sample_members (customer_id)`,
  `create index sample_members_scope on sample_members (plan_id, city_code, draw_rank)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
