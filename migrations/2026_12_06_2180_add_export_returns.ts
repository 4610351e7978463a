// Who holds which worksheet, and how much of it has come back (issue 23, 供电所进度): an export
// now keeps how many rows it wrote for each station (null for exports made before), and a field
// entry keeps the export that had put its customer in the field, so a row that comes back by
// phone counts towards that file as an uploaded row does (worksheet_applied_rows).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table worksheet_exports add column station_rows jsonb`,
    `alter table field_entries add column export_id bigint`,
    // read per open export on the worksheets page; most entries name none
    `create index field_entries_export on field_entries (export_id) where export_id is not null`,
  ])
    await sql.raw(statement).execute(db);
}
