// Audit logs are append-only for real (issue 18, finding 8): TRUNCATE succeeded and the app's
// login owned every table. An audit log is any table with an `*_append_only` trigger, so one added
// later is checked without touching this file. PGlite: the triggers refuse UPDATE, DELETE and
// TRUNCATE. PostgreSQL: as the application role (qingyuan_app) they are refused by privilege.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from './schema.ts';
import { asAdmin, createTestDb, type TestDb } from '../testing/test-db.ts';
import { newCustomer, seedOrgTree } from '../testing/factories.ts';
import { changeCustomer } from '../testing/factories.ts';

let db: TestDb;
let audit: string[];

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  const c = await newCustomer(db.kysely);
  await changeCustomer(db.kysely, c.id, { mobile: '13900000000' });
  audit = (
    await sql<{ table: string }>`
      select distinct c.relname as "table" from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgname like '%append_only' and not t.tgisinternal order by 1`.execute(db.kysely)
  ).rows.map((r) => r.table);
});
afterAll(async () => {
  await db.close();
});

const count = async (k: Kysely<Database>, table: string) =>
  Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(k)).rows[0]!.n);

it('knows the audit logs', () => {
  expect(audit).toEqual(
    expect.arrayContaining([
      'access_log',
      'campaign_target_history',
      'customer_changes',
      'rule_set_activations',
      'verification_events',
    ]),
  );
});

it('refuses TRUNCATE, DELETE and UPDATE on every audit log, whoever asks', async () => {
  // the owner (here the superuser) too: the triggers refuse what privileges would allow
  await asAdmin(db, async (admin) => {
    for (const table of audit) {
      await expect(sql`truncate ${sql.table(table)}`.execute(admin), table).rejects.toThrow(/append-only/);
      await expect(sql`truncate ${sql.table(table)} cascade`.execute(admin), table).rejects.toThrow();
    }
    expect(await count(admin, 'customer_changes')).toBeGreaterThan(0);
    await expect(sql`delete from customer_changes`.execute(admin)).rejects.toThrow(/append-only/);
    await expect(sql`update customer_changes set field = 'x'`.execute(admin)).rejects.toThrow(/append-only/);
  });
});

it.runIf(process.env.TEST_DB === 'postgres')(
  'on PostgreSQL the application role may read and append to the audit logs, nothing more',
  async () => {
    const privileges = await sql<{
      table: string;
      insert: boolean;
      select: boolean;
      update: boolean;
      delete: boolean;
      truncate: boolean;
    }>`
      select t as "table",
        has_table_privilege('qingyuan_app', t, 'INSERT') as insert,
        has_table_privilege('qingyuan_app', t, 'SELECT') as select,
        has_table_privilege('qingyuan_app', t, 'UPDATE') as update,
        has_table_privilege('qingyuan_app', t, 'DELETE') as delete,
        has_table_privilege('qingyuan_app', t, 'TRUNCATE') as truncate
      from unnest(${audit}::text[]) as t`.execute(db.kysely);
    for (const p of privileges.rows)
      expect(p, p.table).toMatchObject({
        insert: true,
        select: true,
        update: false,
        delete: false,
        truncate: false,
      });
    // an ordinary table: the app works with it
    const customers = await sql<{ ok: boolean }>`
      select has_table_privilege('qingyuan_app', 'customers', 'UPDATE') as ok`.execute(db.kysely);
    expect(customers.rows[0]!.ok).toBe(true);

    // and as that role, on one connection: refused by privilege, before any trigger runs
    await db.kysely.connection().execute(async (conn) => {
      await sql`set role qingyuan_app`.execute(conn);
      try {
        for (const table of audit) {
          const last = (
            await sql<{ name: string }>`
              select attname as name from pg_attribute
              where attrelid = ${table}::regclass and attnum > 0 and not attisdropped
              order by attnum desc limit 1`.execute(conn)
          ).rows[0]!.name;
          for (const statement of [
            sql`truncate ${sql.table(table)}`,
            sql`delete from ${sql.table(table)}`,
            sql`update ${sql.table(table)} set ${sql.ref(last)} = ${sql.ref(last)}`,
          ])
            await expect(statement.execute(conn), table).rejects.toThrow(/permission denied/);
          await count(conn, table); // reading is allowed
        }
        expect(await count(conn, 'customer_changes')).toBeGreaterThan(0);
        const owner = await sql<{ owner: string }>`
          select pg_get_userbyid(relowner) as owner from pg_class where relname = 'customer_changes'`.execute(
          conn,
        );
        expect(owner.rows[0]!.owner).toBe('qingyuan_owner');
      } finally {
        await sql`reset role`.execute(conn);
      }
    });
  },
);
