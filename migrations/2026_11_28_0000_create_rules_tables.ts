// Rules engine tables: versioned rule sets, validation runs with their findings and per-unit
// counts, and entry-gate counters. Frozen once landed: add a new migration instead of editing.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table rule_sets (
    version integer generated always as identity primary key,
    document jsonb not null,
    note text not null default '',
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    is_active boolean not null default false,
    activated_at timestamptz
  )`,
  // Exactly one active version: the partial unique index allows at most one, the service keeps one.
  `create unique index rule_sets_one_active on rule_sets (is_active) where is_active`,
  // Old versions are never modified: only the activation flag may change.
  `create function rule_sets_frozen() returns trigger language plpgsql as $$
   begin
     if new.document is distinct from old.document or new.note is distinct from old.note
        or new.created_by is distinct from old.created_by or new.created_at is distinct from old.created_at then
       raise exception 'rule set versions are immutable';
     end if;
     return new;
   end $$`,
  `create trigger rule_sets_frozen before update on rule_sets for each row execute function rule_sets_frozen()`,

  `create table validation_runs (
    id bigint generated always as identity primary key,
    rule_set_version integer not null references rule_sets (version),
    city_code text,
    county_code text,
    -- 'province', a city code or a county code: one run at a time per scope key
    scope_key text not null,
    status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed')),
    rows_total integer not null default 0,
    rows_done integer not null default 0,
    last_customer_id bigint not null default 0,
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    started_at timestamptz,
    finished_at timestamptz,
    error text,
    check (county_code is null or city_code is not null)
  )`,
  `create unique index validation_runs_one_per_scope on validation_runs (scope_key) where status in ('queued', 'running')`,
  `create index validation_runs_latest on validation_runs (status, id)`,

  `create table findings (
    id bigint generated always as identity primary key,
    run_id bigint not null references validation_runs (id) on delete cascade,
    customer_id bigint not null references customers (id),
    city_code text not null,
    county_code text not null,
    station_code text not null,
    rule_id text not null,
    rule_version integer not null,
    field text not null,
    code text not null,
    severity text not null check (severity in ('error', 'warning', 'info')),
    message_zh text not null,
    message_en text not null,
    suggested text
  )`,
  `create index findings_run_customer on findings (run_id, customer_id)`,
  `create index findings_run_scope on findings (run_id, city_code, county_code, station_code)`,

  `create table finding_counts (
    run_id bigint not null references validation_runs (id) on delete cascade,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    field text not null,
    rule_id text not null,
    severity text not null,
    customers integer not null,
    findings integer not null,
    primary key (run_id, station_code, field, rule_id, severity)
  )`,
  `create index finding_counts_scope on finding_counts (run_id, city_code, county_code)`,
  // Per station: how many customers the run checked and how many have at least one error; the
  // data-quality score of any unit is 1 - with_error / checked summed over its stations.
  `create table unit_counts (
    run_id bigint not null references validation_runs (id) on delete cascade,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    customers_checked integer not null default 0,
    customers_with_error integer not null default 0,
    primary key (run_id, station_code)
  )`,
  `create index unit_counts_scope on unit_counts (run_id, city_code, county_code)`,

  `create table entry_gate_counts (
    day date not null,
    station_code text not null,
    channel text not null,
    records integer not null default 0,
    records_with_error integer not null default 0,
    primary key (day, station_code, channel)
  )`,

  // Comparison keys of the cross-record checks (X-01…03), as SQL over the run's scope. They
  // mirror mobileKey / normalizeIdNumber / normalizeName+addressKey of @qingyuan/rules; the plain
  // values (already normal) take the fast first branch.
  `create function qy_norm_text(s text) returns text language sql immutable parallel safe as $$
     select case when s ~ '^[!-~\\u00B7\\u3400-\\u4DBF\\u4E00-\\u9FFF]*$' then s
       else btrim(regexp_replace(regexp_replace(normalize(s, NFKC), '[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD]', '', 'g'), '\\s+', ' ', 'g'))
     end $$`,
  `create function qy_mobile_key(s text) returns text language sql immutable parallel safe as $$
     select case when s ~ '^1[0-9]{10}$' then s else (
       select case when d ~ '^1[0-9]{10}$' then d when d ~ '^(0086|86)1[0-9]{10}$' then right(d, 11) end
       from (select regexp_replace(qy_norm_text(s), '[^0-9]', '', 'g') as d) x)
     end $$`,
  `create function qy_cert_key(s text) returns text language sql immutable parallel safe as $$
     select nullif(upper(regexp_replace(qy_norm_text(s), '[\\s\\-\\u2014\\u2013_]', '', 'g')), '') $$`,
  `create function qy_name_key(s text) returns text language sql immutable parallel safe as $$
     select case when s ~ '^[\\u3400-\\u4DBF\\u4E00-\\u9FFF]*$' then s else
       regexp_replace(
         regexp_replace(
           regexp_replace(
             regexp_replace(qy_norm_text(s), '[\\u2022\\u2027\\u2219\\u22C5\\u30FB\\uFF65\\u0387\\u00B7\\u2E31\\u318D\\uFF0E]', '·', 'g'),
             '(?<=[\\u3400-\\u4DBF\\u4E00-\\u9FFF]) ?\\. ?(?=[\\u3400-\\u4DBF\\u4E00-\\u9FFF])', '·', 'g'),
           '(?<=[\\u3400-\\u4DBF\\u4E00-\\u9FFF\\u00B7]) | (?=[\\u3400-\\u4DBF\\u4E00-\\u9FFF\\u00B7])', '', 'g'),
         '\\u00B7{2,}', '·', 'g')
     end $$`,
  // addressKey: normalised, without punctuation and spaces (ASCII and CJK punctuation).
  `create function qy_address_key(s text) returns text language sql immutable parallel safe as $$
     select regexp_replace(qy_norm_text(s), '[\\s!-#%-*,-/:;?@\\[-\\]_{}\\u00A1\\u00A7\\u00AB\\u00B6\\u00B7\\u00BB\\u00BF\\u2010-\\u2027\\u2030-\\u205E\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301F\\u30FB\\uFF01-\\uFF0F\\uFF1A\\uFF1B\\uFF1F\\uFF20\\uFF3B-\\uFF3D\\uFF3F\\uFF5B\\uFF5D\\uFF5F-\\uFF65]', '', 'g') $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
