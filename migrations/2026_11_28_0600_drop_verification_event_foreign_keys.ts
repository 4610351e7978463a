// verification_events is written only by the state upsert, from the rows it has just written to
// customer_verification, which holds the same campaign and customer under its own foreign keys;
// nothing deletes a customer or a campaign. The log's own foreign-key checks added nothing but a
// row lock on the customer per event (FOR KEY SHARE): about 10 s of the database's time when an
// export moved a million customers to in_field. The log stays append-only.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table verification_events
    drop constraint verification_events_customer_id_fkey,
    drop constraint verification_events_campaign_id_fkey`.execute(db);
}
