// Field verification on a phone (现场核实): each verdict a city team member records is one entry,
// keyed by the id the phone gave it. A phone that lost its signal sends its entries again when it
// comes back; the unique key makes a second arrival a replay of the first, never a second write.
// The entry keeps what was typed and the outcome (applied, or a conflict when the customer changed
// since the phone read it); the write itself goes through customer_changes like a worksheet row.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table field_entries (
    id bigint generated always as identity primary key,
    entry_key text not null unique,
    user_id bigint not null references users (id),
    customer_id bigint not null references customers (id),
    city_code text not null,
    county_code text not null,
    station_code text not null,
    customer_version integer not null,
    result text not null check (result in ('confirmed', 'corrected', 'unreachable', 'closed', 'not_found')),
    corrections jsonb not null,
    note text,
    outcome text not null check (outcome in ('applied', 'conflict')),
    recorded_at timestamptz not null,
    received_at timestamptz not null
  )`,
  `create index field_entries_user on field_entries (user_id, received_at)`,
  `create index field_entries_scope on field_entries (city_code, county_code, station_code, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
