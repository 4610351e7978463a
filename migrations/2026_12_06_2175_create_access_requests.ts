// Approval for full numbers (审批, issue 19) and the read-only auditor role.
// - users.role gains 'auditor': reads the access log, sees nothing unmasked, changes nothing.
// - access_requests: a coordinator or city member asks for full numbers with a reason, a scope
//   (an org unit, named customers, or its worksheet exports) and a wanted duration; an approver
//   grants it until expires_at, or refuses with a reason. Expiry needs no job: a grant counts
//   while expires_at > now (the injected clock's now, as a parameter).
// - access_approvers: who besides admins may decide a city's requests.
// - notifications: the in-app inbox (a request for its approvers, a decision for its requester).
import { sql, type Kysely } from 'kysely';

const statements = [
  `alter table users drop constraint users_role_check`,
  `alter table users add constraint users_role_check
     check (role in ('admin', 'coordinator', 'city_member', 'agent', 'manager', 'auditor'))`,
  `create table access_requests (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id),
    -- the city whose approvers decide (null: admins only, e.g. customers of several cities)
    city_code text,
    scope_kind text not null check (scope_kind in ('unit', 'customers', 'worksheet_export')),
    unit_code text references org_units (code),
    customer_ids bigint[],
    reason text not null,
    wanted_hours integer not null check (wanted_hours > 0),
    status text not null default 'pending' check (status in ('pending', 'granted', 'refused')),
    decided_by bigint references users (id),
    decided_at timestamptz,
    decision_note text,
    expires_at timestamptz,
    created_at timestamptz not null,
    check (status <> 'granted' or expires_at is not null)
  )`,
  `create index access_requests_live on access_requests (user_id, expires_at) where status = 'granted'`,
  `create index access_requests_pending on access_requests (city_code, created_at) where status = 'pending'`,
  `create table access_approvers (
    city_code text not null references org_units (code),
    user_id bigint not null references users (id),
    created_at timestamptz not null,
    primary key (city_code, user_id)
  )`,
  `create table notifications (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id),
    kind text not null check (kind in ('access_requested', 'access_granted', 'access_refused')),
    request_id bigint references access_requests (id),
    created_at timestamptz not null,
    read_at timestamptz
  )`,
  `create index notifications_unread on notifications (user_id, id) where read_at is null`,
  `create index notifications_user on notifications (user_id, id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}
