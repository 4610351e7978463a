// A previewed worksheet upload could only be committed: one with errors blocked the drop zone until
// a reload, and an abandoned preview stayed 待确认 forever. A preview may now be discarded (by the
// team, with the time it happened); one left alone expires after a while, which the API decides
// from created_at and the injected clock, so no job has to sweep it.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table worksheet_uploads drop constraint worksheet_uploads_status_check`,
    `alter table worksheet_uploads add constraint worksheet_uploads_status_check
       check (status in ('previewed', 'committed', 'discarded'))`,
    `alter table worksheet_uploads add column discarded_at timestamptz`,
  ])
    await sql.raw(statement).execute(db);
}
