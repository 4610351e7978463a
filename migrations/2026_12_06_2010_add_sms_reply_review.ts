// Customers' replies that are neither a plain confirm nor a deny ("号码是我的，地址已搬到xx路") were
// stored as 'ignored' and nobody saw them. They now wait for the city team of the customer's city:
// review_state open → corrected (values applied through the customer write path) or no_action,
// with who decided, when and why. Older ignored replies stay out of the queue (review_state null).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table sms_inbound add column city_code text`,
    `alter table sms_inbound add column county_code text`,
    `alter table sms_inbound add column review_state text check (review_state in ('open', 'corrected', 'no_action'))`,
    `alter table sms_inbound add column reviewed_by bigint references users (id)`,
    `alter table sms_inbound add column reviewed_at timestamptz`,
    `alter table sms_inbound add column review_note text`,
    `create index sms_inbound_open_reviews on sms_inbound (city_code, county_code, received_at) where review_state = 'open'`,
  ])
    await sql.raw(statement).execute(db);
}
