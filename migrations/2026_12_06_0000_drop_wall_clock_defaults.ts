// One time source: every timestamp is written from the application's injected clock, never from
// the database's `now()`. A column that defaulted to `now()` took the wall clock while the code
// beside it used the clock it was given; the SMS queue's `next_attempt_at` did, and a test clock a
// week behind the wall clock found nothing due. With the defaults gone, an insert that forgets its
// timestamp fails at once (not null) instead of quietly taking the machine's time.
// The customers trigger keeps bumping `version` on a real change; `updated_at` is now set by the
// writer, from its clock, like every other timestamp.
import { sql, type Kysely } from 'kysely';

const COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['api_tokens', 'created_at'],
  ['app_secrets', 'created_at'],
  ['campaign_phases', 'updated_at'],
  ['campaign_settings', 'updated_at'],
  ['campaign_target_history', 'changed_at'],
  ['campaign_targets', 'updated_at'],
  ['campaigns', 'created_at'],
  ['customer_changes', 'changed_at'],
  ['customer_flags', 'created_at'],
  ['customer_verification', 'updated_at'],
  ['customers', 'created_at'],
  ['customers', 'updated_at'],
  ['load_batches', 'started_at'],
  ['org_units', 'created_at'],
  ['org_units', 'updated_at'],
  ['pilot_stations', 'chosen_at'],
  ['rule_sets', 'created_at'],
  ['sampling_plans', 'created_at'],
  ['sessions', 'created_at'],
  ['sms_events', 'at'],
  ['sms_inbound', 'received_at'],
  ['sms_messages', 'created_at'],
  ['sms_messages', 'next_attempt_at'],
  ['sms_messages', 'updated_at'],
  ['users', 'created_at'],
  ['validation_runs', 'created_at'],
  ['verification_events', 'at'],
  ['weekly_reports', 'created_at'],
  ['worksheet_applied_rows', 'applied_at'],
  ['worksheet_exports', 'created_at'],
  ['worksheet_uploads', 'created_at'],
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const [table, column] of COLUMNS)
    await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop default`.execute(db);
  await sql`create or replace function customers_bump_version() returns trigger language plpgsql as $$
   begin
     if (new.name, new.customer_type, new.cert_type, new.cert_no, new.mobile, new.landline, new.address,
         new.station_code, new.status)
        is distinct from
        (old.name, old.customer_type, old.cert_type, old.cert_no, old.mobile, old.landline, old.address,
         old.station_code, old.status) then
       new.version := old.version + 1;
     end if;
     return new;
   end $$`.execute(db);
}
