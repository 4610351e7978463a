// One write path for customer fields: changes.ts is the only code that updates customers, so the
// version check, the timestamps and the customer_changes trail are the same for every writer.
// This scan fails when an `update customers` (SQL) or `updateTable('customers')` (kysely), or an
// upsert into customers, appears anywhere else in packages/api/src, code and tests alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../', import.meta.url));

/** The files that may write customers directly, relative to packages/api/src, and why. */
const ALLOWED = new Map([
  ['features/customers/changes.ts', 'the write path itself'],
  ['features/customers/write-path.unit.test.ts', 'this scan and its samples'],
  // these prove that the database triggers follow *any* update, whoever writes it
  ['db/migrate.test.ts', 'the version trigger'],
  ['features/campaign/station-counts.test.ts', 'the station counters trigger'],
]);

const WRITES: readonly [name: string, pattern: RegExp][] = [
  ['SQL update customers', /\bupdate\s+(only\s+)?("?public"?\.)?"?customers"?(?![\w"])/i],
  ['kysely updateTable customers', /\bupdateTable\s*\(\s*['"`]customers(\s+as\s+\w+)?['"`]/],
  // an upsert changes existing rows too (within one statement: up to the next semicolon)
  [
    'upsert into customers',
    /\binsert\s+into\s+("?public"?\.)?"?customers"?(?![\w"])[^;]*?\bon\s+conflict\b[^;]*?\bdo\s+update\b/i,
  ],
  ['kysely upsert into customers', /\binsertInto\s*\(\s*['"`]customers['"`]\s*\)[^;]*?\bdoUpdateSet\b/],
];

/** Line and block comments removed (a `//` inside a string such as a URL is kept). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\w])\/\/.*$/gm, '$1');
}

export function customerWrites(text: string): string[] {
  const source = code(text);
  return WRITES.filter(([, pattern]) => pattern.test(source)).map(([name]) => name);
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'node_modules'
        ? []
        : tsFiles(join(dir, e.name))
      : /\.(ts|mts)$/.test(e.name)
        ? [join(dir, e.name)]
        : [],
  );
}

describe('one customer write path', () => {
  it('recognises each way of updating customers (the scan can fail)', () => {
    const samples = [
      'sql`update customers c set mobile = ${m} where id = ${id}`',
      'sql`UPDATE Customers SET name = $1`',
      "await sql`\n  update\n    public.customers set status = 'closed'`",
      "db.updateTable('customers').set({ name }).execute()",
      'trx.updateTable("customers as c").set({ name })',
      'sql`insert into customers (customer_no) values ($1) on conflict (customer_no) do update set name = excluded.name`',
      "db.insertInto('customers').values(row).onConflict((oc) => oc.column('customer_no').doUpdateSet({ name }))",
    ];
    for (const s of samples) expect(customerWrites(s), s).not.toEqual([]);
    const fine = [
      "db.updateTable('customer_changes').set({ x })",
      'sql`update customer_verification set state = $1`',
      "db.selectFrom('customers').select('id')",
      'sql`insert into customers (customer_no) values ($1) on conflict do nothing`',
      'x = 1; // update customers here would be wrong',
      "/* updateTable('customers') */ const y = 2;",
      'sql`update call_tasks set v = (select c.version from customers c)`',
    ];
    for (const s of fine) expect(customerWrites(s), s).toEqual([]);
  });

  it('finds no customers update outside customers/changes.ts in packages/api/src', () => {
    const offenders = tsFiles(SRC)
      .map((f) => relative(SRC, f))
      .filter((f) => !ALLOWED.has(f))
      .flatMap((f) => customerWrites(readFileSync(join(SRC, f), 'utf8')).map((w) => `${f}: ${w}`));
    expect(offenders).toEqual([]);
  });

  it('allows only files that exist and still need it', () => {
    for (const f of ALLOWED.keys())
      if (f !== 'features/customers/write-path.unit.test.ts')
        expect(customerWrites(readFileSync(join(SRC, f), 'utf8')), f).not.toEqual([]);
  });
});
