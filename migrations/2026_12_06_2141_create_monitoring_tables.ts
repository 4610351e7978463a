// Quality monitoring after the campaign (issue 20, 固化成果): weekly figures per station, the
// thresholds of the red/yellow/green lights (edited by a coordinator, every change logged),
// re-verification due counts per station, and the managers' weekly monitoring SMS.
//
// quality_defects holds the open defects (customer × rule) as of a week's computation: the next
// week's are compared with it to count what is new and what was fixed. Two generations are kept
// (the week being computed and the one before), so a week can be recomputed until it is over.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table monitoring_settings (
    id integer primary key check (id = 1),
    settings jsonb not null,
    updated_by bigint references users (id),
    updated_at timestamptz not null
  )`,
  `create table monitoring_settings_history (
    id bigint generated always as identity primary key,
    old_settings jsonb,
    new_settings jsonb not null,
    changed_by bigint references users (id),
    changed_at timestamptz not null
  )`,
  `create trigger monitoring_settings_history_append_only before update or delete on monitoring_settings_history
     for each row execute function customer_changes_append_only()`,
  `create trigger monitoring_settings_history_no_truncate before truncate on monitoring_settings_history
     for each statement execute function audit_log_no_truncate()`,

  `create table quality_defects (
    week_key text not null,
    customer_id bigint not null,
    rule_id text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    primary key (week_key, customer_id, rule_id)
  )`,
  `create table quality_weeks (
    week_key text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    customers integer not null,
    customers_with_error integer not null,
    open_defects integer not null,
    new_defects integer,
    fixed_defects integer,
    gate_records integer not null,
    gate_errors integer not null,
    computed_at timestamptz not null,
    primary key (week_key, station_code)
  )`,
  `create index quality_weeks_scope on quality_weeks (city_code, county_code, week_key)`,
  `create table quality_week_rules (
    week_key text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    rule_id text not null,
    open_defects integer not null,
    new_defects integer,
    fixed_defects integer,
    primary key (week_key, station_code, rule_id)
  )`,
  `create index quality_week_rules_scope on quality_week_rules (week_key, city_code, county_code)`,

  `create table reverification_due (
    station_code text primary key,
    city_code text not null,
    county_code text not null,
    due integer not null,
    stale integer not null,
    bounced integer not null,
    shared integer not null,
    computed_at timestamptz not null
  )`,
  `create index reverification_due_scope on reverification_due (city_code, county_code)`,

  `create table monitoring_reports (
    iso_week text not null,
    user_id bigint not null references users (id),
    city_code text,
    body text not null,
    sms_key text not null,
    created_at timestamptz not null,
    primary key (iso_week, user_id)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  const app = await sql`select 1 from pg_roles where rolname = 'qingyuan_app'`.execute(db);
  if (app.rows.length > 0)
    await sql`revoke update, delete, truncate on monitoring_settings_history from qingyuan_app`.execute(db);
}
