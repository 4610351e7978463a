// Whether a week's snapshot and report were taken at the cut-off ('on_time'), before it by a
// confirmed manual send ('early'), or after it by the catch-up on start after downtime ('late').
// Rows from before this migration were taken by the scheduled job or a preview: 'on_time' is the
// closest truth we have for them.
import { sql, type Kysely } from 'kysely';

const TIMING = `text not null default 'on_time' check (timing in ('on_time', 'early', 'late'))`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`alter table progress_snapshots add column timing ${TIMING}`).execute(db);
  await sql.raw(`alter table weekly_reports add column timing ${TIMING}`).execute(db);
}
