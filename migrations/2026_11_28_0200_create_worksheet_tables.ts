// Field-verification worksheets: each export (who, when, scope, rows), each upload with its
// stored preview row by row, and the markers of rows already applied (so re-uploading the same
// file changes nothing). The signing secret for row tokens lives here when APP_SECRET is unset.
// Frozen once landed.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table app_secrets (
    name text primary key,
    value text not null,
    created_at timestamptz not null default now()
  )`,

  `create table worksheet_exports (
    id bigint generated always as identity primary key,
    campaign_id bigint references campaigns (id),
    user_id bigint references users (id),
    city_code text,
    county_code text,
    scope jsonb not null,
    status text not null default 'writing' check (status in ('writing', 'completed', 'failed')),
    rows integer not null default 0,
    stations integer not null default 0,
    file_name text not null default '',
    created_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  `create index worksheet_exports_scope on worksheet_exports (city_code, county_code, id)`,

  `create table worksheet_uploads (
    id bigint generated always as identity primary key,
    user_id bigint references users (id),
    city_code text,
    county_code text,
    file_name text not null,
    content_hash text not null,
    status text not null default 'previewed' check (status in ('previewed', 'committed')),
    rows_total integer not null default 0,
    rows_update integer not null default 0,
    rows_unchanged integer not null default 0,
    rows_conflict integer not null default 0,
    rows_error integer not null default 0,
    rows_blank integer not null default 0,
    rows_applied integer not null default 0,
    headers jsonb not null default '[]',
    created_at timestamptz not null default now(),
    committed_at timestamptz
  )`,
  `create index worksheet_uploads_scope on worksheet_uploads (city_code, county_code, id)`,
  `create index worksheet_uploads_hash on worksheet_uploads (content_hash) where status = 'committed'`,

  // One row per data row of the uploaded sheets: what the preview decided, and the raw cells so
  // the error workbook can be written back without keeping the file.
  `create table worksheet_upload_rows (
    upload_id bigint not null references worksheet_uploads (id),
    seq integer not null,
    sheet text not null,
    row_no integer not null,
    customer_id bigint references customers (id),
    export_id bigint,
    token_version integer,
    row_hash text,
    outcome text not null check (outcome in ('update', 'unchanged', 'conflict', 'error', 'blank')),
    result text,
    changes jsonb not null default '{}',
    current_values jsonb,
    errors jsonb not null default '[]',
    note text,
    raw jsonb not null,
    primary key (upload_id, seq)
  )`,
  `create index worksheet_upload_rows_outcome on worksheet_upload_rows (upload_id, outcome, seq)`,

  // A row once applied is never applied again: the same export, customer and filled-in values.
  `create table worksheet_applied_rows (
    export_id bigint not null,
    customer_id bigint not null,
    row_hash text not null,
    upload_id bigint not null references worksheet_uploads (id),
    applied_at timestamptz not null default now(),
    primary key (export_id, customer_id, row_hash)
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
