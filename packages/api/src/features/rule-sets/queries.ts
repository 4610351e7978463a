import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database } from '../../db/schema.ts';

// Every write to rule_sets takes this lock first, so "exactly one active" and "default is
// version 1" hold even when two requests race.
const RULE_SETS_LOCK = 7_301_001;

export const lockRuleSets = (trx: Kysely<Database>) =>
  sql`select pg_advisory_xact_lock(${RULE_SETS_LOCK})`.execute(trx);

export const countRuleSets = async (db: Kysely<Database>) =>
  Number(
    (
      await db
        .selectFrom('rule_sets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** The next version number, taken from the identity sequence so the document can carry it. */
export async function nextRuleSetVersion(trx: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    v: number;
  }>`select nextval(pg_get_serial_sequence('rule_sets', 'version'))::int as v`.execute(trx);
  return rows[0]!.v;
}

export async function insertRuleSet(
  trx: Kysely<Database>,
  row: {
    version: number;
    document: unknown;
    note: string;
    createdBy: number | null;
    isActive: boolean;
    now: Date;
  },
) {
  await sql`insert into rule_sets (version, document, note, created_by, is_active, created_at, activated_at)
    overriding system value
    values (${row.version}, ${JSON.stringify(row.document)}::jsonb, ${row.note}, ${row.createdBy}, ${row.isActive},
            ${row.now}::timestamptz, ${row.isActive ? row.now : null}::timestamptz)`.execute(trx);
}

const listColumns = [
  'r.version',
  'r.note',
  'r.created_at',
  'r.is_active',
  'r.activated_at',
  'u.display_name as created_by_name',
] as const;

export const findRuleSets = (db: Kysely<Database>) =>
  db
    .selectFrom('rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(listColumns)
    .select(sql<number>`jsonb_array_length(r.document -> 'rules')`.as('rule_count'))
    .orderBy('r.version', 'desc')
    .execute();

export const findRuleSet = (db: Kysely<Database>, version: number) =>
  db
    .selectFrom('rule_sets as r')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .select(listColumns)
    .select(sql<number>`jsonb_array_length(r.document -> 'rules')`.as('rule_count'))
    .select('r.document')
    .where('r.version', '=', version)
    .executeTakeFirst();

export const findActiveRuleSet = (db: Kysely<Database>) =>
  db.selectFrom('rule_sets').select(['version', 'document']).where('is_active', '=', true).executeTakeFirst();

export const findActiveVersion = async (db: Kysely<Database>) =>
  (await db.selectFrom('rule_sets').select('version').where('is_active', '=', true).executeTakeFirst())
    ?.version;

/** Makes `version` the active set and records who did it (rule_set_activations, append-only). */
export async function setActiveRuleSet(trx: Trx, version: number, userId: number | null, now: Date) {
  await trx.updateTable('rule_sets').set({ is_active: false }).where('is_active', '=', true).execute();
  await trx
    .updateTable('rule_sets')
    .set({ is_active: true, activated_at: now })
    .where('version', '=', version)
    .execute();
  await trx
    .insertInto('rule_set_activations')
    .values({ version, user_id: userId, activated_at: now })
    .execute();
}

/** City names for the preview's per-city table. */
export const findCityNames = (db: Kysely<Database>) =>
  db.selectFrom('org_units').select(['code', 'name']).where('level', '=', 'city').execute();

export const findActiveHash = (db: Kysely<Database>) =>
  db
    .selectFrom('rule_sets')
    .select(['version', sql<string>`md5(document::text)`.as('hash')])
    .where('is_active', '=', true)
    .executeTakeFirst();
