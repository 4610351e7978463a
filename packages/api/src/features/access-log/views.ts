// What a route puts on record after (for views) or before (for files) it answers. A view is
// recorded only when the answer shows a number in full (masking.ts decides, not the route): the
// customers it showed unmasked, or its scope when the answer is not per customer. A file is
// always recorded: scope, rows when known, file name. Both record before the answer is sent, so
// if the log cannot be written the caller gets an error, not the data.
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { principalOf } from '../../plugins/auth.ts';
import {
  masker,
  showsAnyFull,
  unmaskedAmong,
  type CustomerUnit,
  type Grants,
  type Masker,
} from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { fromRequest, recordAccess } from './record.ts';

export interface ViewWhat {
  /** the customers the answer showed, with where they belong (approvals by unit) */
  customers?: readonly { id: number | string; unit?: CustomerUnit }[];
  scope?: Record<string, unknown>;
  rowCount?: number;
  /** the grants the answer was masked with, beyond the principal's own (an agent's lease) */
  grants?: Grants;
}

/** Where an entry comes from: the route pattern, the caller's address, the injected now. */
export interface Where {
  route: string;
  ip?: string | null;
  at: Date;
}

/** Records a view if the masker showed any number in full; nothing for a masked answer. */
export async function recordShown(
  db: Kysely<Database>,
  viewer: Principal,
  mask: Masker,
  where: Where,
  what: Omit<ViewWhat, 'grants'>,
) {
  const ids = what.customers ? unmaskedAmong(mask, what.customers) : [];
  if (what.customers ? ids.length === 0 : !showsAnyFull(mask)) return;
  await db.transaction().execute((trx) =>
    recordAccess(trx, {
      ...where,
      actor: viewer,
      action: 'view',
      customerIds: ids.length <= 500 ? ids : undefined,
      scope: what.scope,
      rowCount: what.rowCount ?? (what.customers ? ids.length : undefined),
    }),
  );
}

/** recordShown for a route: the caller's masker (with the answer's extra grants). */
export async function recordView(db: Kysely<Database>, req: FastifyRequest, at: Date, what: ViewWhat) {
  const viewer = principalOf(req);
  await recordShown(db, viewer, masker(viewer, what.grants), { ...fromRequest(req), at }, what);
}

/** Records a download (a file leaving the system), masked or not. */
export async function recordDownload(
  db: Kysely<Database>,
  req: FastifyRequest,
  at: Date,
  what: { scope?: Record<string, unknown>; rowCount?: number; file: string; customerIds?: number[] },
) {
  const viewer = principalOf(req);
  await db.transaction().execute((trx) =>
    recordAccess(trx, {
      ...fromRequest(req),
      at,
      actor: viewer,
      action: 'download',
      scope: { ...what.scope, isMasked: !showsAnyFull(masker(viewer)) },
      rowCount: what.rowCount,
      file: what.file,
      customerIds: what.customerIds,
    }),
  );
}
