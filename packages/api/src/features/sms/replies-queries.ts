// SQL of the reply review queue (replies.ts).
import type { Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, ReplyReviewState } from '../../db/schema.ts';
import { inRegion, type Region } from '../auth/region.ts';
import { customerColumns } from '../validation/queries.ts';

/** Open replies in the region (a city team sees its city's, a county user its county's), oldest first. */
export const findOpenReplies = (db: Kysely<Database>, region: Region) =>
  inRegion(
    db
      .selectFrom('sms_inbound as i')
      .innerJoin('customers as c', 'c.id', 'i.customer_id')
      .innerJoin('sms_messages as m', 'm.id', 'i.message_id')
      .select([
        'i.id',
        'i.body',
        'i.from_number',
        'i.received_at',
        'i.city_code',
        'i.county_code',
        'i.customer_id',
        'i.message_id',
        'c.customer_no',
        'c.name',
        'c.mobile',
        'c.landline',
        'c.address',
        'c.version',
        'm.body as sms_body',
        'm.sent_at',
      ])
      .where('i.review_state', '=', 'open')
      .$narrowType<{ customer_id: number; message_id: number }>(),
    region,
    'i',
  )
    .orderBy('i.received_at')
    .orderBy('i.id')
    .limit(500)
    .execute();

export const lockReply = (trx: Trx, id: number) =>
  trx
    .selectFrom('sms_inbound')
    .select(['id', 'customer_id', 'message_id', 'city_code', 'county_code', 'review_state'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const lockCustomer = (trx: Trx, customerId: number) =>
  trx
    .selectFrom('customers as c')
    .select([...customerColumns, 'c.version'])
    .where('c.id', '=', customerId)
    .forUpdate()
    .executeTakeFirstOrThrow();

export const closeReply = (
  trx: Trx,
  id: number,
  state: Exclude<ReplyReviewState, 'open'>,
  userId: number,
  note: string | null,
  now: Date,
) =>
  trx
    .updateTable('sms_inbound')
    .set({ review_state: state, reviewed_by: userId, reviewed_at: now, review_note: note })
    .where('id', '=', id)
    .execute();
