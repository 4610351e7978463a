// Campaign governance: phases, pilot stations, targets with their change history, customers in
// scope per station (kept by a statement trigger, so the dashboard never scans customers),
// stored weekly/monthly snapshots and evaluations, city teams' weekly summaries and monthly plans,
// and the weekly SMS reports to managers. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table campaign_phases (
    campaign_id bigint not null references campaigns (id),
    phase text not null check (phase in ('deployment', 'pilot', 'rollout')),
    starts_on date not null,
    ends_on date not null,
    updated_by bigint references users (id),
    updated_at timestamptz not null default now(),
    primary key (campaign_id, phase),
    check (ends_on >= starts_on)
  )`,
  `create table pilot_stations (
    campaign_id bigint not null references campaigns (id),
    station_code text not null references org_units (code),
    city_code text not null,
    county_code text not null,
    chosen_by bigint references users (id),
    chosen_at timestamptz not null default now(),
    primary key (campaign_id, station_code)
  )`,
  `create table campaign_targets (
    campaign_id bigint not null references campaigns (id),
    city_code text not null references org_units (code),
    phase text not null check (phase in ('deployment', 'pilot', 'rollout')),
    target_pct double precision not null check (target_pct >= 0 and target_pct <= 100),
    deadline date not null,
    updated_by bigint references users (id),
    updated_at timestamptz not null default now(),
    primary key (campaign_id, city_code, phase)
  )`,
  // Append-only: every change of a target, who and when.
  `create table campaign_target_history (
    id bigint generated always as identity primary key,
    campaign_id bigint not null,
    city_code text not null,
    phase text not null,
    old_target_pct double precision,
    old_deadline date,
    new_target_pct double precision not null,
    new_deadline date not null,
    changed_by bigint references users (id),
    changed_at timestamptz not null default now()
  )`,
  `create index campaign_target_history_city on campaign_target_history (campaign_id, city_code, id)`,
  `create trigger campaign_target_history_append_only before update or delete on campaign_target_history
     for each row execute function customer_changes_append_only()`,
  // Evaluation weights, yellow margin: one row per campaign.
  `create table campaign_settings (
    campaign_id bigint primary key references campaigns (id),
    settings jsonb not null,
    updated_by bigint references users (id),
    updated_at timestamptz not null default now()
  )`,

  // Customers in scope per station: every customer row, whatever its status (a customer closed in
  // the field still counts in the denominator: "closed" is one of the verified results).
  `create table station_customer_counts (
    station_code text primary key,
    city_code text not null,
    county_code text not null,
    customers bigint not null default 0
  )`,
  `create index station_customer_counts_scope on station_customer_counts (city_code, county_code)`,
  ...(['insert', 'update', 'delete'] as const).map(
    (event) => `create function qy_station_customer_counts_${event}() returns trigger language plpgsql as $$
     begin
       insert into station_customer_counts as c (station_code, city_code, county_code, customers)
       select station_code, min(city_code), min(county_code), sum(d)
       from (
         ${event === 'delete' ? '' : `select station_code, city_code, county_code, 1 as d from new_rows`}
         ${event === 'update' ? 'union all' : ''}
         ${event === 'insert' ? '' : `select station_code, city_code, county_code, -1 as d from old_rows`}
       ) delta
       group by station_code
       having sum(d) <> 0
       on conflict (station_code) do update set customers = c.customers + excluded.customers;
       return null;
     end $$`,
  ),
  `create trigger station_customer_counts_insert after insert on customers
     referencing new table as new_rows
     for each statement execute function qy_station_customer_counts_insert()`,
  `create trigger station_customer_counts_update after update on customers
     referencing old table as old_rows new table as new_rows
     for each statement execute function qy_station_customer_counts_update()`,
  `create trigger station_customer_counts_delete after delete on customers
     referencing old table as old_rows
     for each statement execute function qy_station_customer_counts_delete()`,
  `insert into station_customer_counts (station_code, city_code, county_code, customers)
     select station_code, min(city_code), min(county_code), count(*) from customers group by station_code`,

  // Stored progress per period and unit; never recomputed. level city|county|station; parent_code
  // is the unit ranked against (the province for cities, the city for counties and stations).
  `create table progress_snapshots (
    campaign_id bigint not null references campaigns (id),
    period_kind text not null check (period_kind in ('week', 'month')),
    period_key text not null,
    level text not null check (level in ('province', 'city', 'county', 'station')),
    unit_code text not null,
    city_code text,
    county_code text,
    phase text not null,
    in_scope bigint not null,
    verified bigint not null,
    completion_pct double precision not null,
    change_pct double precision,
    rank integer,
    rank_change integer,
    expected_pct double precision,
    target_pct double precision,
    status text check (status in ('green', 'yellow', 'red')),
    taken_at timestamptz not null,
    primary key (campaign_id, period_kind, period_key, level, unit_code)
  )`,
  `create index progress_snapshots_unit on progress_snapshots (campaign_id, level, unit_code, period_kind, period_key)`,
  `create index progress_snapshots_city on progress_snapshots (campaign_id, period_kind, city_code, level)`,
  `create table evaluation_snapshots (
    campaign_id bigint not null references campaigns (id),
    period_kind text not null check (period_kind in ('week', 'month')),
    period_key text not null,
    city_code text not null,
    progress double precision,
    normativity double precision,
    timeliness double precision,
    quality double precision,
    sample double precision,
    score double precision not null,
    rank integer not null,
    details jsonb not null,
    taken_at timestamptz not null,
    primary key (campaign_id, period_kind, period_key, city_code)
  )`,

  // City teams' weekly summary (kind week, period 2026-W48) and monthly plan (kind month, 2026-12).
  `create table work_reports (
    campaign_id bigint not null references campaigns (id),
    city_code text not null references org_units (code),
    kind text not null check (kind in ('week', 'month')),
    period_key text not null,
    done text not null default '',
    problems text not null default '',
    plan text not null default '',
    station_plan jsonb not null default '[]',
    due_at timestamptz not null,
    first_submitted_at timestamptz not null,
    submitted_at timestamptz not null,
    submitted_by bigint references users (id),
    primary key (campaign_id, city_code, kind, period_key)
  )`,

  // One weekly SMS report per manager and week: the key that makes a restart send nothing twice.
  `create table weekly_reports (
    campaign_id bigint not null references campaigns (id),
    iso_week text not null,
    user_id bigint not null references users (id),
    city_code text,
    body text not null,
    sms_key text not null,
    created_at timestamptz not null default now(),
    primary key (campaign_id, iso_week, user_id)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
