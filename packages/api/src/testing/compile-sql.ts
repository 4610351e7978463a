// The SQL a query builder would send, without a database: kysely with its DummyDriver and the
// PostgreSQL compiler. Tests snapshot heavy and region-scoped queries with it, so a change to
// their SQL (a dropped region cut, a scan of customers) shows in review.
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type RawBuilder,
} from 'kysely';
import type { Trx } from '../db.ts';
import type { Database } from '../db/schema.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE, type Region } from '../features/auth/region.ts';

/** A Kysely that compiles but never connects (executing returns no rows). */
export const compileDb = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** The same, typed as a transaction, for query functions that demand one. */
export const compileTrx = compileDb as unknown as Trx;

/**
 * A builder's or a raw sql`` template's SQL and parameters, ready for toMatchSnapshot(): the SQL
 * with each clause on its own line (whitespace aside, exactly what is sent), so a diff shows which
 * clause changed.
 */
export function compileSql(query: Compilable | RawBuilder<unknown>): {
  sql: string;
  parameters: readonly unknown[];
} {
  const compiled = isRaw(query) ? query.compile(compileDb) : query.compile();
  return { sql: readable(compiled.sql), parameters: compiled.parameters };
}

const CLAUSE =
  /(?<!\b(?:inner|left|cross))\s+(?=(?:from|(?:inner |left |cross )?join|where|group by|order by|limit|offset|returning)\s)/g;
const readable = (text: string) =>
  text
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(CLAUSE, '\n');

const isRaw = (query: Compilable | RawBuilder<unknown>): query is RawBuilder<unknown> =>
  'isRawBuilder' in query;

/** The three kinds of region a scoped query must handle, for snapshot tests to go through. */
export const SAMPLE_REGIONS: Record<'province' | 'city' | 'county', Region> = {
  province: PROVINCE,
  city: { cityCode: '5301' },
  county: { cityCode: '5301', countyCode: '530102' },
};

/** A staff user seeing the region. */
export const viewerIn = (region: Region): Principal => ({
  kind: 'user',
  id: 1,
  username: 'u',
  name: 'u',
  role: 'city_member',
  region,
});
