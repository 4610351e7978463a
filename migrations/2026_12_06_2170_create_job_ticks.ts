// Scheduled jobs (node-cron) fire in every process that runs them: with a worker and a web
// process, or two workers, each Friday 18:00 fires twice. A tick runs only in the process that
// first inserts its key ('<schedule>:<ISO instant of the tick>'); the others see the conflict and
// skip. A row, not an advisory lock: a lock stops two runs at the same moment but not a second
// run a few hundred milliseconds later in a process whose timer fired late.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table job_ticks (
    tick_key text primary key,
    claimed_by text not null,
    claimed_at timestamptz not null,
    finished_at timestamptz
  )`.execute(db);
}
