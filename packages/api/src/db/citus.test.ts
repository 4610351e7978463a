// Citus's rules, checked without Citus on the migrated schema (docs/scaling.md):
// 1. every table is placed: distributed by city_code, reference, or local (db/distribution.ts);
// 2. a distributed table has the distribution column, NOT NULL, in its primary key and in every
//    unique index;
// 3. a foreign key between distributed tables includes the distribution column on both sides; a
//    reference table never points at a distributed one;
// 4. no query the dashboard runs (its compiled-SQL snapshots) joins two distributed tables on
//    anything but the distribution column.
// Today's schema breaks some of these: each break is listed in docs/scaling.md with the change
// it needs, and asserted here exactly, so a new break fails the test and a fixed one must be
// struck from the list.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { DISTRIBUTED_TABLES, DISTRIBUTION_COLUMN, LOCAL_TABLES, REFERENCE_TABLES } from './distribution.ts';

const distributed = new Set<string>(DISTRIBUTED_TABLES);
const reference = new Set<string>(REFERENCE_TABLES);
const D = DISTRIBUTION_COLUMN;

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db?.close());

async function tables() {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition order by 1`.execute(
    db.kysely,
  );
  return rows.map((r) => r.name);
}

it('places every table: distributed, reference or local', async () => {
  const placed = [...DISTRIBUTED_TABLES, ...REFERENCE_TABLES, ...LOCAL_TABLES].sort();
  expect(new Set(placed).size).toBe(placed.length);
  expect(await tables()).toEqual(placed);
});

it('keys of distributed tables: the documented exceptions, no others', async () => {
  const { rows: columns } = await sql<{ table: string; nullable: boolean }>`
    select c.relname as table, not a.attnotnull as nullable
    from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and a.attname = ${D} and not a.attisdropped`.execute(db.kysely);
  const { rows: uniques } = await sql<{ table: string; index: string; columns: string[] }>`
    select c.relname as table, i.relname as index,
      array(select a.attname::text from unnest(x.indkey) k join pg_attribute a on a.attrelid = c.oid and a.attnum = k) as columns
    from pg_index x join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and x.indisunique order by 1, 2`.execute(db.kysely);
  const breaks: string[] = [];
  for (const table of DISTRIBUTED_TABLES) {
    const column = columns.find((c) => c.table === table);
    if (!column) breaks.push(`${table}: no ${D}`);
    else if (column.nullable) breaks.push(`${table}: ${D} nullable`);
    for (const u of uniques.filter((x) => x.table === table))
      if (!u.columns.includes(D)) breaks.push(`${table}: unique ${u.index} (${u.columns.join(', ')})`);
  }
  expect(breaks.sort()).toEqual([...KEY_EXCEPTIONS].sort());
});

it('foreign keys: the documented exceptions, no others', async () => {
  const { rows } = await sql<{ from: string; to: string; columns: string[]; refs: string[] }>`
    select c.relname as from, r.relname as to,
      array(select a.attname::text from unnest(k.conkey) x join pg_attribute a on a.attrelid = k.conrelid and a.attnum = x) as columns,
      array(select a.attname::text from unnest(k.confkey) x join pg_attribute a on a.attrelid = k.confrelid and a.attnum = x) as refs
    from pg_constraint k join pg_class c on c.oid = k.conrelid join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and k.contype = 'f' order by 1, 2, 3`.execute(db.kysely);
  const breaks: string[] = [];
  for (const fk of rows) {
    const edge = `${fk.from} (${fk.columns.join(', ')}) → ${fk.to} (${fk.refs.join(', ')})`;
    if (
      distributed.has(fk.from) &&
      distributed.has(fk.to) &&
      !(fk.columns.includes(D) && fk.refs.includes(D))
    )
      breaks.push(`distributed → distributed without ${D}: ${edge}`);
    if (reference.has(fk.from) && distributed.has(fk.to)) breaks.push(`reference → distributed: ${edge}`);
  }
  expect(breaks.sort()).toEqual([...FOREIGN_KEY_EXCEPTIONS].sort());
});

it('dashboard queries join distributed tables only on the distribution column', () => {
  const breaks: string[] = [];
  for (const feature of ['dashboard', 'campaign', 'reports']) {
    const dir = fileURLToPath(new URL(`../features/${feature}/__snapshots__/`, import.meta.url));
    for (const file of readdirSync(dir)) {
      const text = readFileSync(dir + file, 'utf8');
      for (const [, name, body] of text.matchAll(/exports\[`(.+?)`\] = `([\s\S]*?)\n`;/g))
        for (const problem of joinBreaks(body!.replace(/\\"/g, '"')))
          breaks.push(`${feature}: ${name!.replace(/ \d+$/, '')}: ${problem}`);
    }
  }
  expect([...new Set(breaks)]).toEqual(JOIN_EXCEPTIONS);
});

/** Joins in one compiled query that put two distributed tables together on anything but city_code. */
export function joinBreaks(query: string): string[] {
  const text = query.replace(/"/g, '');
  const aliases = new Map<string, string>(); // alias → table
  for (const [, table, alias] of text.matchAll(
    /\b(?:from|join)\s+(\w+)(?:\s+(?:as\s+)?(?!on\b|where\b|join\b|inner\b|left\b|cross\b|group\b|order\b|limit\b)(\w+))?/g,
  ))
    aliases.set(alias ?? table!, table!);
  const found: string[] = [];
  for (const [, table, alias, on] of text.matchAll(
    /\bjoin\s+(\w+)(?:\s+(?:as\s+)?(\w+))?\s+on\s+([\s\S]*?)(?=\b(?:inner |left |cross )?join\b|\bwhere\b|\bgroup by\b|\border by\b|\blimit\b|\)|$)/g,
  )) {
    if (!distributed.has(table!)) continue;
    const self = alias ?? table!;
    const others = [...on!.matchAll(/\b(\w+)\.\w+/g)]
      .map((m) => m[1]!)
      .filter((a) => a !== self && distributed.has(aliases.get(a) ?? ''));
    for (const other of new Set(others)) {
      const sameCity = new RegExp(
        `\\b${self}\\.${D}\\s*=\\s*${other}\\.${D}\\b|\\b${other}\\.${D}\\s*=\\s*${self}\\.${D}\\b`,
      );
      if (!sameCity.test(on!)) found.push(`${aliases.get(other)} ⋈ ${table} on ${on!.trim()}`);
    }
  }
  return found;
}

// The breaks of today's schema, each with its change in docs/scaling.md ("What changes").
const KEY_EXCEPTIONS: string[] = [
  'customers: unique customers_customer_no_key (customer_no)',
  'customers: unique customers_pkey (id)',
  'customer_changes: unique customer_changes_pkey (id)',
  'customer_flags: unique customer_flags_open (customer_id, kind, value)',
  'customer_flags: unique customer_flags_pkey (id)',
  'customer_verification: unique customer_verification_pkey (campaign_id, customer_id)',
  'verification_events: no city_code',
  'verification_events: unique verification_events_pkey (id)',
  'verification_counters: unique verification_counters_pkey (campaign_id, station_code)',
  'station_customer_counts: unique station_customer_counts_pkey (station_code)',
  'entry_gate_counts: no city_code',
  'entry_gate_counts: unique entry_gate_counts_pkey (day, station_code, channel, business_type)',
  'finding_counts: unique finding_counts_pkey (run_id, station_code, field, rule_id, severity)',
  'unit_counts: unique unit_counts_pkey (run_id, station_code)',
  'field_divergences: no city_code',
  'field_divergences: unique field_divergences_pkey (customer_id, field)',
  'outbound_changes: unique outbound_changes_pkey (id)',
  'source_conflicts: unique source_conflicts_one_open (customer_id, field)',
  'source_conflicts: unique source_conflicts_pkey (id)',
  'source_missing: unique source_missing_pkey (customer_id)',
  'sample_members: unique sample_members_pkey (plan_id, customer_id)',
  'call_tasks: unique call_tasks_one_per_agent (leased_by)',
  'call_tasks: unique call_tasks_pkey (id)',
  'call_tasks: unique call_tasks_plan_id_customer_id_key (plan_id, customer_id)',
  'call_tasks: unique call_tasks_request_id_key (request_id)',
  'call_field_results: no city_code',
  'call_field_results: unique call_field_results_pkey (call_id, field)',
  'sms_messages: city_code nullable',
  'sms_messages: unique sms_messages_idempotency_key_key (idempotency_key)',
  'sms_messages: unique sms_messages_pkey (id)',
  'sms_messages: unique sms_messages_provider_sid_key (provider_sid)',
  'sms_events: no city_code',
  'sms_events: unique sms_events_pkey (id)',
  'sms_inbound: city_code nullable',
  'sms_inbound: unique sms_inbound_pkey (id)',
  'sms_inbound: unique sms_inbound_provider_sid_key (provider_sid)',
  'worksheet_upload_rows: no city_code',
  'worksheet_upload_rows: unique worksheet_upload_rows_pkey (upload_id, seq)',
  'worksheet_applied_rows: no city_code',
  'worksheet_applied_rows: unique worksheet_applied_rows_pkey (export_id, customer_id, row_hash)',
  'field_entries: unique field_entries_entry_key_key (entry_key)',
  'field_entries: unique field_entries_pkey (id)',
  'quality_defects: unique quality_defects_pkey (week_key, customer_id, rule_id)',
  'quality_weeks: unique quality_weeks_pkey (week_key, station_code)',
  'quality_week_rules: unique quality_week_rules_pkey (week_key, station_code, rule_id)',
  'reverification_due: unique reverification_due_pkey (station_code)',
];
const FOREIGN_KEY_EXCEPTIONS: string[] = [
  'distributed → distributed without city_code: call_field_results (call_id) → call_tasks (id)',
  'distributed → distributed without city_code: call_tasks (customer_id) → customers (id)',
  'distributed → distributed without city_code: customer_changes (customer_id) → customers (id)',
  'distributed → distributed without city_code: customer_flags (customer_id) → customers (id)',
  'distributed → distributed without city_code: field_entries (customer_id) → customers (id)',
  'distributed → distributed without city_code: field_divergences (customer_id) → customers (id)',
  'distributed → distributed without city_code: outbound_changes (customer_id) → customers (id)',
  'distributed → distributed without city_code: sample_members (customer_id) → customers (id)',
  'distributed → distributed without city_code: sms_events (message_id) → sms_messages (id)',
  'distributed → distributed without city_code: sms_inbound (customer_id) → customers (id)',
  'distributed → distributed without city_code: sms_inbound (message_id) → sms_messages (id)',
  'distributed → distributed without city_code: sms_messages (customer_id) → customers (id)',
  'distributed → distributed without city_code: source_conflicts (customer_id) → customers (id)',
  'distributed → distributed without city_code: source_missing (customer_id) → customers (id)',
  'distributed → distributed without city_code: worksheet_upload_rows (customer_id) → customers (id)',
];
const JOIN_EXCEPTIONS: string[] = [
  'campaign: snapshot reads of the city > counts call verdicts per city: call_tasks ⋈ call_field_results on f.call_id = t.id',
  'campaign: snapshot reads of the city > counts progress per station (rollout): station_customer_counts ⋈ verification_counters on v.station_code = s.station_code and v.campaign_id = $1',
  'campaign: snapshot reads of the county > counts call verdicts per city: call_tasks ⋈ call_field_results on f.call_id = t.id',
  'campaign: snapshot reads of the county > counts progress per station (rollout): station_customer_counts ⋈ verification_counters on v.station_code = s.station_code and v.campaign_id = $1',
  'campaign: snapshot reads of the province > counts call verdicts per city: call_tasks ⋈ call_field_results on f.call_id = t.id',
  'campaign: snapshot reads of the province > counts progress per station (rollout): station_customer_counts ⋈ verification_counters on v.station_code = s.station_code and v.campaign_id = $1',
];
