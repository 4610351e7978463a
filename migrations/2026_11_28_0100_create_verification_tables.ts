// Verification state per customer within a campaign, its append-only event log, per-station
// counters kept by statement triggers (so no writer can let them drift), and the durable SMS
// queue every sender (sampling, weekly reports) writes to. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const STATES = `'in_field', 'confirmed', 'corrected', 'unreachable', 'closed', 'not_found'`;

const statements = [
  `create table campaigns (
    id bigint generated always as identity primary key,
    name text not null,
    status text not null default 'active' check (status in ('active', 'closed')),
    created_by bigint references users (id),
    created_at timestamptz not null default now()
  )`,
  // One campaign runs at a time: every worksheet, call and SMS reply counts towards it.
  `create unique index campaigns_one_active on campaigns ((true)) where status = 'active'`,

  // No row = not_started. station/county/city are copied from the customer when the state is
  // written, so counting needs no join and a later move of the customer keeps history honest.
  `create table customer_verification (
    campaign_id bigint not null references campaigns (id),
    customer_id bigint not null references customers (id),
    state text not null check (state in (${STATES})),
    source text not null,
    ref text,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    user_id bigint references users (id),
    updated_at timestamptz not null default now(),
    primary key (campaign_id, customer_id)
  )`,
  `create index customer_verification_scope on customer_verification
     (campaign_id, city_code, county_code, station_code, state)`,

  `create table verification_events (
    id bigint generated always as identity primary key,
    campaign_id bigint not null references campaigns (id),
    customer_id bigint not null references customers (id),
    from_state text not null,
    to_state text not null,
    source text not null check (source in ('worksheet_export', 'worksheet', 'call', 'sms_reply', 'manual', 'demo')),
    ref text,
    user_id bigint references users (id),
    at timestamptz not null default now()
  )`,
  `create index verification_events_customer on verification_events (customer_id, id)`,
  `create index verification_events_ref on verification_events (source, ref)`,
  `create trigger verification_events_append_only before update or delete on verification_events
     for each row execute function customer_changes_append_only()`,

  // Per campaign × station: how many customers are in each state. The dashboard sums these.
  `create table verification_counters (
    campaign_id bigint not null references campaigns (id),
    city_code text not null,
    county_code text not null,
    station_code text not null,
    in_field integer not null default 0,
    confirmed integer not null default 0,
    corrected integer not null default 0,
    unreachable integer not null default 0,
    closed integer not null default 0,
    not_found integer not null default 0,
    primary key (campaign_id, station_code)
  )`,
  `create index verification_counters_scope on verification_counters (campaign_id, city_code, county_code)`,

  // Statement-level triggers with transition tables: one aggregate per statement, not per row.
  ...(['insert', 'update', 'delete'] as const).map(
    (event) => `create function qy_verification_counters_${event}() returns trigger language plpgsql as $$
     begin
       insert into verification_counters as c
         (campaign_id, city_code, county_code, station_code,
          in_field, confirmed, corrected, unreachable, closed, not_found)
       select campaign_id, city_code, county_code, station_code,
              sum(d * (state = 'in_field')::int), sum(d * (state = 'confirmed')::int),
              sum(d * (state = 'corrected')::int), sum(d * (state = 'unreachable')::int),
              sum(d * (state = 'closed')::int), sum(d * (state = 'not_found')::int)
       from (
         ${event === 'delete' ? '' : `select campaign_id, city_code, county_code, station_code, state, 1 as d from new_rows`}
         ${event === 'update' ? 'union all' : ''}
         ${event === 'insert' ? '' : `select campaign_id, city_code, county_code, station_code, state, -1 as d from old_rows`}
       ) delta
       group by campaign_id, city_code, county_code, station_code
       on conflict (campaign_id, station_code) do update set
         in_field = c.in_field + excluded.in_field,
         confirmed = c.confirmed + excluded.confirmed,
         corrected = c.corrected + excluded.corrected,
         unreachable = c.unreachable + excluded.unreachable,
         closed = c.closed + excluded.closed,
         not_found = c.not_found + excluded.not_found;
       return null;
     end $$`,
  ),
  `create trigger verification_counters_insert after insert on customer_verification
     referencing new table as new_rows
     for each statement execute function qy_verification_counters_insert()`,
  `create trigger verification_counters_update after update on customer_verification
     referencing old table as old_rows new table as new_rows
     for each statement execute function qy_verification_counters_update()`,
  `create trigger verification_counters_delete after delete on customer_verification
     referencing old table as old_rows
     for each statement execute function qy_verification_counters_delete()`,

  // The durable SMS queue. The idempotency key makes "enqueue" safe to repeat (a weekly report,
  // a sample member): the second insert of the same key is a no-op.
  `create table sms_messages (
    id bigint generated always as identity primary key,
    idempotency_key text not null unique,
    purpose text not null check (purpose in ('sampling', 'weekly_report', 'manual')),
    ref text,
    customer_id bigint references customers (id),
    user_id bigint references users (id),
    city_code text,
    to_number text not null,
    body text not null,
    status text not null default 'queued'
      check (status in ('queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed')),
    attempts integer not null default 0,
    next_attempt_at timestamptz not null default now(),
    provider text,
    provider_sid text unique,
    error_code text,
    error_message text,
    created_at timestamptz not null default now(),
    sent_at timestamptz,
    finished_at timestamptz,
    updated_at timestamptz not null default now()
  )`,
  `create index sms_messages_due on sms_messages (next_attempt_at, id) where status in ('queued', 'sending')`,
  `create index sms_messages_purpose on sms_messages (purpose, ref, city_code, status)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
