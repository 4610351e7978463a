// An agent may hand back the customer they hold (跳过): the task returns to the queue for the
// others at once, and not to the same agent until skipped_until, so "next" brings someone new.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table call_tasks add column skipped_by bigint references users (id)`,
    `alter table call_tasks add column skipped_until timestamptz`,
    `create index call_tasks_finished_by on call_tasks (finished_by, finished_at) where status = 'done'`,
  ])
    await sql.raw(statement).execute(db);
}
