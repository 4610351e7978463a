// Users and API tokens administered in the app (issue 19), not only by the CLI:
// - a user created (or reset) by an admin gets a one-time setup code, shown once to the admin and
//   stored hashed with an expiry; the user sets their own password with it at first login. No
//   password is ever typed on a command line. A user without a usable password has password_hash
//   '' (no hash verifies against it).
// - API tokens gain a channel (the entry gate counts calls under it instead of trusting the body),
//   an expiry, and who revoked them.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table user_setup_codes (
    user_id bigint primary key references users (id) on delete cascade,
    code_hash text not null,
    purpose text not null check (purpose in ('setup', 'reset')),
    created_by bigint references users (id),
    created_at timestamptz not null,
    expires_at timestamptz not null
  )`,
  `alter table users add column password_changed_at timestamptz`,
  `alter table api_tokens
     add column channel text,
     add column expires_at timestamptz,
     add column revoked_by bigint references users (id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
