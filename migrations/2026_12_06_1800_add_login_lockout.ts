// Per-account lockout (issue 18): the login limit was per address only, so a slow guesser from
// many addresses, or everyone behind one proxy, went unchecked per account. Failed attempts are
// counted on the user; past a threshold the account is locked until locked_until, each further
// lock twice as long. The time comes from the application's clock like every other timestamp.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table users add column failed_logins integer not null default 0`.execute(db);
  await sql`alter table users add column locked_until timestamptz`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table users drop column locked_until`.execute(db);
  await sql`alter table users drop column failed_logins`.execute(db);
}
