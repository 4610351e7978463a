// Campaigns are cycles (issue 20): draft → active → closed. Closing freezes the cycle's snapshots
// and evaluation; the next cycle (an annual re-verification, say) is prepared as a draft with its
// own phases, targets and pilot stations, and activated when the last one is closed. Existing
// campaigns keep their status (the one running stays active) and get their activation time.
//
// Between cycles there is no active campaign, yet field teams keep verifying customers (the
// re-verification lists): such a result is logged in verification_events with no campaign, so a
// customer's verification history spans cycles and the gaps between them. Those rows only are
// indexed by customer (the log's other rows are read by campaign, see 2026_11_28_0800).
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table campaigns drop constraint campaigns_status_check`,
  `alter table campaigns add constraint campaigns_status_check check (status in ('draft', 'active', 'closed'))`,
  `alter table campaigns add column activated_at timestamptz`,
  `alter table campaigns add column closed_at timestamptz`,
  `alter table campaigns add column closed_by bigint references users (id)`,
  `update campaigns set activated_at = created_at where status <> 'draft'`,
  `update campaigns set closed_at = created_at where status = 'closed'`,

  // every transition, by whom and when: an audit log like the others (append-only)
  `create table campaign_transitions (
    id bigint generated always as identity primary key,
    campaign_id bigint not null references campaigns (id),
    from_status text,
    to_status text not null check (to_status in ('draft', 'active', 'closed')),
    user_id bigint references users (id),
    at timestamptz not null
  )`,
  `create index campaign_transitions_campaign on campaign_transitions (campaign_id, id)`,
  `create trigger campaign_transitions_append_only before update or delete on campaign_transitions
     for each row execute function customer_changes_append_only()`,
  `create trigger campaign_transitions_no_truncate before truncate on campaign_transitions
     for each statement execute function audit_log_no_truncate()`,
  `insert into campaign_transitions (campaign_id, from_status, to_status, user_id, at)
     select id, null, status, created_by, created_at from campaigns`,

  `alter table verification_events alter column campaign_id drop not null`,
  `create index verification_events_between_cycles on verification_events (customer_id, at)
     where campaign_id is null`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  const app = await sql`select 1 from pg_roles where rolname = 'qingyuan_app'`.execute(db);
  if (app.rows.length > 0)
    await sql`revoke update, delete, truncate on campaign_transitions from qingyuan_app`.execute(db);
}
