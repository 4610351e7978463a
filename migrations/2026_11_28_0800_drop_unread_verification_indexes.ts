// Three indexes that every state change kept up and no query of the app reads:
// - verification_events is the audit log of state changes: every change writes a row, and nothing
//   in the app reads it back (the current state, with its source and ref, is in
//   customer_verification). Its (customer_id, id) and (source, ref) indexes served lookups nobody
//   makes. An audit of one customer or one export still finds its rows with a scan of the log;
//   create an index then if such lookups become routine.
// - customer_verification_scope (campaign, city, county, station, state): the dashboard counts
//   states from verification_counters (kept by statement triggers), never by scanning states per
//   unit; the one report over states (sample results per city) filters on source, which the index
//   does not hold, and reads the campaign's rows either way.
// Measured on the export's page statement (read a page of customers, move it to in_field), back to
// back: the two log indexes cost ~2.3 s and the scope index (four text columns, compared under the
// database's collation) ~3 s of the database's CPU per million customers, of ~16.5 s in all.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index verification_events_customer`.execute(db);
  await sql`drop index verification_events_ref`.execute(db);
  await sql`drop index customer_verification_scope`.execute(db);
}
