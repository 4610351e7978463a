// Who activated which rule set, and when (issue 18): activation changes how every customer is
// judged, and rule_sets kept only the last activation's time, no actor. One row per activation,
// append-only like the other audit logs (the trigger below, and on PostgreSQL no UPDATE or DELETE
// for the application role: 2026_12_06_1820_create_database_roles).
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table rule_set_activations (
    id bigint generated always as identity primary key,
    version integer not null references rule_sets (version),
    user_id bigint references users (id),
    activated_at timestamptz not null
  )`,
  `create index rule_set_activations_version on rule_set_activations (version, activated_at)`,
  `create trigger rule_set_activations_append_only before update or delete on rule_set_activations
     for each row execute function customer_changes_append_only()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
