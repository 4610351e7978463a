// The change feed's horizon: the highest id below which every change is committed. Writers hold the
// feed's advisory lock shared while they draw ids (customers/provenance.ts), so taking it
// exclusively waits for the writers in flight, and the highest id seen then has no uncommitted id
// below it. The lock is held only for that instant: a reader never makes writers wait for a file.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { FEED_LOCK } from '../customers/provenance.ts';

export async function feedHorizon(db: Kysely<Database>): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FEED_LOCK})`.execute(trx);
    const row = await trx
      .selectFrom('outbound_changes')
      .select((eb) => eb.fn.max('id').as('max'))
      .executeTakeFirst();
    return Number(row?.max ?? 0);
  });
}
