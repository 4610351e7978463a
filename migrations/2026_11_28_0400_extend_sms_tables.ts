// SMS dispatch beyond the bare queue: the claim time (lease) and county of each message, the
// local outbox (the "carrier" of the embedded setup and tests), a log of every callback and
// reconciliation, inbound replies, and customer flags (failed numbers, "not me" replies) that the
// next worksheet export picks up. Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  // claimed_at: when a dispatcher moved the message to 'sending'; a 'sending' row older than the
  // lease belongs to a dispatcher that died, and is reconciled with the provider before any resend.
  `alter table sms_messages add column claimed_at timestamptz`,
  `alter table sms_messages add column county_code text`,
  `create index sms_messages_stale on sms_messages (claimed_at) where status = 'sending'`,
  // an inbound reply is matched to the latest message we sent to its number
  `create index sms_messages_to on sms_messages (to_number, id)`,

  // The local outbox provider: one row per idempotency key; send_count counts every send call so
  // a duplicate attempt by the dispatcher is visible even though the outbox itself deduplicates.
  `create table sms_outbox (
    id bigint generated always as identity primary key,
    idempotency_key text not null unique,
    sid text not null unique,
    to_number text not null,
    body text not null,
    outcome text not null check (outcome in ('delivered', 'undelivered', 'failed')),
    error_code text,
    send_count integer not null default 1,
    accepted_at timestamptz not null,
    report_at timestamptz not null,
    reported_at timestamptz
  )`,
  `create index sms_outbox_due on sms_outbox (report_at) where reported_at is null`,

  // Everything that reached us from a provider, accepted or not: the audit trail of receipts.
  `create table sms_events (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('status', 'inbound', 'rejected_signature', 'reconciled', 'requeued')),
    message_id bigint references sms_messages (id),
    provider_sid text,
    detail jsonb not null default '{}'::jsonb,
    at timestamptz not null default now()
  )`,
  `create index sms_events_message on sms_events (message_id, id)`,

  `create table sms_inbound (
    id bigint generated always as identity primary key,
    provider_sid text unique,
    from_number text not null,
    body text not null,
    message_id bigint references sms_messages (id),
    customer_id bigint references customers (id),
    action text not null check (action in ('confirmed', 'not_me', 'ignored', 'unmatched')),
    received_at timestamptz not null default now()
  )`,

  // A flag stays while the flagged value is still the customer's (see findFlaggedCustomers) or
  // until resolved; one open flag per customer × kind × value.
  `create table customer_flags (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    city_code text not null,
    county_code text not null,
    station_code text not null,
    kind text not null check (kind in ('sms_failed', 'sms_not_me', 'call_empty_number', 'call_wrong_person')),
    field text not null default 'mobile',
    value text not null,
    reason text not null,
    ref text,
    created_at timestamptz not null default now(),
    resolved_at timestamptz
  )`,
  `create unique index customer_flags_open on customer_flags (customer_id, kind, value) where resolved_at is null`,
  `create index customer_flags_scope on customer_flags (city_code, county_code, station_code) where resolved_at is null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
