// Reads a large result in batches through a server-side cursor (DECLARE … FETCH), the same on
// PGlite and PostgreSQL: one plan and one snapshot for the whole read, instead of a keyset page
// query planned and started again for every page. The next batch is asked for before the caller
// gets this one, so the database produces it while the caller works through the current batch.
// It runs in the caller's transaction (a cursor lives in one); the caller keeps it short-lived.
import { CompiledQuery, type Compilable, type RawBuilder } from 'kysely';
import type { Trx } from '../db.ts';

let cursors = 0;

export async function* cursorBatches<R>(
  trx: Trx,
  query: RawBuilder<R> | Compilable<R>,
  batchSize: number,
): AsyncGenerator<R[]> {
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0) throw new RangeError(`bad batch size ${batchSize}`);
  const name = `qy_cursor_${++cursors}`;
  const compiled = query.compile(trx);
  await trx.executeQuery(
    CompiledQuery.raw(`declare ${name} no scroll cursor for ${compiled.sql}`, [...compiled.parameters]),
  );
  const fetch = () => trx.executeQuery<R>(CompiledQuery.raw(`fetch forward ${batchSize} from ${name}`));
  let next: ReturnType<typeof fetch> | null = fetch();
  try {
    while (next) {
      const { rows }: { rows: R[] } = await next;
      // the next batch is on its way while the caller handles this one
      next = rows.length < batchSize ? null : fetch();
      if (rows.length > 0) yield rows;
    }
  } finally {
    // the caller stopped early (or failed): let the fetch in flight end before the transaction does
    if (next) await next.catch(() => undefined);
    await trx.executeQuery(CompiledQuery.raw(`close ${name}`)).catch(() => undefined);
  }
}
