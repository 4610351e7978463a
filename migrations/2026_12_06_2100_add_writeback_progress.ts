// The round trip reaches the campaign's figures (issue 17):
// - progress_snapshots keeps, per unit, the corrections (outbound changes not superseded) and how
//   many of them were written back (已回写 or 源系统已确认) at the cut-off, so the weekly report
//   shows the written-back share the way the week ended. Null in snapshots taken before this.
//   The dashboard counts the same live, over the index outbound_changes_writeback.
// - campaign_settings_history: every change of a campaign's settings (among them whether the
//   导入系统 step counts corrections inside Qingyuan or only once written back), who and when.
//   Append-only like the other audit logs: the row trigger, the TRUNCATE guard, and on PostgreSQL
//   no UPDATE or DELETE for the application role (2026_12_06_1820_create_database_roles).
import { sql, type Kysely } from 'kysely';

const APP = 'qingyuan_app';

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `alter table progress_snapshots add column corrections integer`,
    `alter table progress_snapshots add column written_back integer`,
    // the written-back share per station (dashboard, snapshots): an index-only scan of a region
    `create index outbound_changes_writeback on outbound_changes (city_code, county_code, station_code, state)
       where state <> 'superseded'`,
    `create table campaign_settings_history (
      id bigint generated always as identity primary key,
      campaign_id bigint not null references campaigns (id),
      old_settings jsonb,
      new_settings jsonb not null,
      changed_by bigint references users (id),
      changed_at timestamptz not null
    )`,
    `create index campaign_settings_history_campaign on campaign_settings_history (campaign_id, id)`,
    `create trigger campaign_settings_history_append_only before update or delete on campaign_settings_history
       for each row execute function customer_changes_append_only()`,
    `create trigger campaign_settings_history_no_truncate before truncate on campaign_settings_history
       for each statement execute function audit_log_no_truncate()`,
  ])
    await sql.raw(statement).execute(db);
  const role = await sql`select 1 from pg_roles where rolname = ${APP}`.execute(db);
  if (role.rows.length > 0)
    await sql`revoke update, delete, truncate on campaign_settings_history from ${sql.id(APP)}`.execute(db);
}
