// The one schema type of the database, mirrored from migrations/. snake_case, as in SQL.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A timestamp with no database default: every insert names it, from the injected clock. */
type Stamp = ColumnType<Date, Date | string, Date | string>;

export type Role = 'admin' | 'coordinator' | 'city_member' | 'agent' | 'manager' | 'auditor';
export type OrgLevel = 'province' | 'city' | 'county' | 'station';
export type CustomerType = 'residential' | 'non_residential';
export type CertType = 'resident_id' | 'uscc' | 'other';
export type CustomerStatus = 'active' | 'closed';
export type ChangeSource =
  'load' | 'worksheet' | 'call' | 'sms' | 'api' | 'manual' | 'resolution' | 'retention';
/** '' = not known: the longest retention period applies. */
export type VoltageClass = '' | 'high' | 'low';
export type LoadMode = 'full' | 'delta';
export type LoadKind = 'customers' | 'org_units';
export type LoadStatus = 'running' | 'completed' | 'failed';

export interface OrgUnitsTable {
  code: string;
  name: string;
  level: OrgLevel;
  parent_code: string | null;
  division_code: string | null;
  city_code: string | null;
  county_code: string | null;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  city_code: string | null;
  county_code: string | null;
  phone: string | null;
  password_hash: string;
  is_active: Generated<boolean>;
  created_at: Stamp;
  /** failed logins since the last success (per-account lockout) */
  failed_logins: Generated<number>;
  locked_until: Stamp | null;
  password_changed_at: Date | null;
}

/** A one-time code with which a user sets a password (first login, or after a reset). */
export interface UserSetupCodesTable {
  user_id: number;
  code_hash: string;
  purpose: 'setup' | 'reset';
  created_by: number | null;
  created_at: Stamp;
  expires_at: Stamp;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  created_at: Stamp;
  expires_at: Timestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  name: string;
  token_hash: string;
  role: Generated<'integration'>;
  city_code: string | null;
  created_by: number | null;
  created_at: Stamp;
  revoked_at: Date | null;
  /** the channel the entry gate counts this token's calls under (null: the token's name) */
  channel: string | null;
  expires_at: Date | null;
  revoked_by: number | null;
}

export interface LoadBatchesTable {
  id: Generated<number>;
  kind: LoadKind;
  file_name: string;
  status: Generated<LoadStatus>;
  rows_total: Generated<number>;
  rows_loaded: Generated<number>;
  rows_rejected: Generated<number>;
  rows_inserted: Generated<number>;
  rows_updated: Generated<number>;
  rows_unchanged: Generated<number>;
  mode: Generated<LoadMode>;
  rows_conflicts: Generated<number>;
  rows_confirmed: Generated<number>;
  rows_missing: Generated<number>;
  error_message: string | null;
  user_id: number | null;
  started_at: Stamp;
  finished_at: Date | null;
}

export interface LoadErrorsTable {
  id: Generated<number>;
  batch_id: number;
  row_no: number;
  column_name: string;
  code: string;
  reason_zh: string;
  reason_en: string;
  raw: Generated<string>;
}

export interface CustomersTable {
  id: Generated<number>;
  customer_no: string;
  name: string;
  customer_type: CustomerType;
  cert_type: CertType;
  cert_no: string;
  mobile: string;
  landline: string;
  address: string;
  station_code: string;
  county_code: string;
  city_code: string;
  status: CustomerStatus;
  voltage_class: Generated<VoltageClass>;
  /** YYYY-MM-DD, '' = not known */
  closed_on: Generated<string>;
  anonymised_at: Date | null;
  version: Generated<number>;
  load_batch_id: number | null;
  created_at: Stamp;
  updated_at: Stamp;
}

export interface CustomerChangesTable {
  id: Generated<number>;
  customer_id: number;
  city_code: string;
  field: string;
  old_value: string | null;
  new_value: string | null;
  source: ChangeSource;
  batch_id: string | null;
  user_id: number | null;
  changed_at: Stamp;
}

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type FindingSeverity = 'error' | 'warning' | 'info';

export interface RuleSetsTable {
  version: Generated<number>;
  document: ColumnType<unknown, string, string>;
  note: Generated<string>;
  created_by: number | null;
  created_at: Stamp;
  is_active: Generated<boolean>;
  activated_at: Date | null;
}

export interface RuleSetActivationsTable {
  id: Generated<number>;
  version: number;
  user_id: number | null;
  activated_at: Stamp;
}

/** What the access log (查阅记录) records: see features/access-log/record.ts. */
export type AccessOutcome = 'ok' | 'failed' | 'denied';
export interface AccessLogTable {
  id: Generated<number>;
  at: Stamp;
  user_id: number | null;
  token_id: number | null;
  /** the login name as typed (a failed login's unknown name too), or the token's name */
  username: string;
  role: string | null;
  city_code: string | null;
  county_code: string | null;
  action: string;
  /** `METHOD /url/:pattern` of the route, or `web print` style names for non-route actions */
  route: string;
  outcome: AccessOutcome;
  /** bigint[]: numbers from PGlite, strings from pg (read through record.ts) */
  customer_ids: ColumnType<(number | string)[] | null, number[] | null | undefined, never>;
  scope: ColumnType<unknown, string | null | undefined, never>;
  row_count: number | null;
  file_name: string | null;
  ip: string | null;
  note: string | null;
}

export type AccessScopeKind = 'unit' | 'customers' | 'worksheet_export';
export type AccessRequestStatus = 'pending' | 'granted' | 'refused';
export interface AccessRequestsTable {
  id: Generated<number>;
  user_id: number;
  city_code: string | null;
  scope_kind: AccessScopeKind;
  unit_code: string | null;
  /** bigint[]: numbers from PGlite, strings from pg */
  customer_ids: ColumnType<(number | string)[] | null, unknown, never>;
  reason: string;
  wanted_hours: number;
  status: Generated<AccessRequestStatus>;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  expires_at: Date | null;
  created_at: Stamp;
}

export interface AccessApproversTable {
  city_code: string;
  user_id: number;
  created_at: Stamp;
}

export type NotificationKind = 'access_requested' | 'access_granted' | 'access_refused';
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  request_id: number | null;
  created_at: Stamp;
  read_at: Date | null;
}

export interface ValidationRunsTable {
  id: Generated<number>;
  rule_set_version: number;
  city_code: string | null;
  county_code: string | null;
  scope_key: string;
  status: Generated<RunStatus>;
  rows_total: Generated<number>;
  rows_done: Generated<number>;
  last_customer_id: Generated<number>;
  created_by: number | null;
  created_at: Stamp;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
  /** pg_snapshot (text) taken when a province run first started: the dirty customers it clears. */
  dirty_snapshot: string | null;
  refreshed_at: Date | null;
  /** When the retention dropped the run's findings partition (its summaries stay). */
  findings_dropped_at: Date | null;
}

export type IncrementStatus = 'queued' | 'running' | 'completed' | 'failed' | 'skipped';

export interface ValidationIncrementsTable {
  id: Generated<number>;
  base_run_id: number | null;
  trigger: 'schedule' | 'manual';
  status: IncrementStatus;
  customers_changed: Generated<number>;
  customers_checked: Generated<number>;
  findings_removed: Generated<number>;
  findings_added: Generated<number>;
  created_at: Stamp;
  started_at: Date | null;
  finished_at: Date | null;
  error: string | null;
}

/** Maintained by the customers triggers (migration 2026_12_06_2220); read-only for the app. */
export interface ValidationDirtyTable {
  city_code: string;
  customer_id: number;
  xid: string;
}
export interface ValidationDirtyKeysTable {
  city_code: string;
  kind: 'mobile' | 'cert' | 'dup' | 'station';
  k1: string;
  k2: string;
  xid: string;
}
export interface FindingsTable {
  id: Generated<number>;
  run_id: number;
  customer_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  rule_id: string;
  rule_version: number;
  field: string;
  code: string;
  severity: FindingSeverity;
  message_zh: string;
  message_en: string;
  suggested: string | null;
}

export interface FindingCountsTable {
  run_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  field: string;
  rule_id: string;
  severity: FindingSeverity;
  customers: number;
  findings: number;
}

export interface UnitCountsTable {
  run_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  customers_checked: Generated<number>;
  customers_with_error: Generated<number>;
}

export interface EntryGateCountsTable {
  day: ColumnType<string, string, string>;
  station_code: string;
  channel: string;
  /** '' (none given), new_connection 新装, capacity_change 增容, change_of_details 变更 */
  business_type: Generated<string>;
  records: Generated<number>;
  records_with_error: Generated<number>;
}

export type CampaignStatus = 'draft' | 'active' | 'closed';
export type VerificationState =
  'in_field' | 'confirmed' | 'corrected' | 'unreachable' | 'closed' | 'not_found';
export type VerificationSource = 'worksheet_export' | 'worksheet' | 'call' | 'sms_reply' | 'manual' | 'demo';
export type SmsPurpose = 'sampling' | 'weekly_report' | 'manual';
export type SmsStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed';

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  status: Generated<CampaignStatus>;
  created_by: number | null;
  created_at: Stamp;
  activated_at: Date | null;
  closed_at: Date | null;
  closed_by: number | null;
}

export interface CampaignTransitionsTable {
  id: Generated<number>;
  campaign_id: number;
  from_status: CampaignStatus | null;
  to_status: CampaignStatus;
  user_id: number | null;
  at: Stamp;
}

export interface CustomerVerificationTable {
  campaign_id: number;
  customer_id: number;
  state: VerificationState;
  source: VerificationSource;
  ref: string | null;
  city_code: string;
  county_code: string;
  station_code: string;
  user_id: number | null;
  updated_at: Stamp;
}

export interface VerificationEventsTable {
  id: Generated<number>;
  /** null: recorded between cycles (no active campaign) */
  campaign_id: number | null;
  customer_id: number;
  from_state: VerificationState | 'not_started';
  to_state: VerificationState;
  source: VerificationSource;
  ref: string | null;
  user_id: number | null;
  at: Stamp;
}

export interface VerificationCountersTable {
  campaign_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  in_field: Generated<number>;
  confirmed: Generated<number>;
  corrected: Generated<number>;
  unreachable: Generated<number>;
  closed: Generated<number>;
  not_found: Generated<number>;
}

export interface SmsMessagesTable {
  id: Generated<number>;
  idempotency_key: string;
  purpose: SmsPurpose;
  ref: string | null;
  customer_id: number | null;
  user_id: number | null;
  city_code: string | null;
  to_number: string;
  body: string;
  status: Generated<SmsStatus>;
  attempts: Generated<number>;
  next_attempt_at: Stamp;
  provider: string | null;
  provider_sid: string | null;
  error_code: string | null;
  error_message: string | null;
  created_at: Stamp;
  sent_at: Date | null;
  finished_at: Date | null;
  updated_at: Stamp;
  claimed_at: Date | null;
  county_code: string | null;
}

export type SmsOutcome = 'delivered' | 'undelivered' | 'failed';

export interface SmsOutboxTable {
  id: Generated<number>;
  idempotency_key: string;
  sid: string;
  to_number: string;
  body: string;
  outcome: SmsOutcome;
  error_code: string | null;
  send_count: Generated<number>;
  accepted_at: Timestamp;
  report_at: Timestamp;
  reported_at: Date | null;
}

export interface SmsEventsTable {
  id: Generated<number>;
  kind: 'status' | 'inbound' | 'rejected_signature' | 'reconciled' | 'requeued';
  message_id: number | null;
  provider_sid: string | null;
  detail: ColumnType<unknown, string | undefined, string>;
  at: Stamp;
}

export interface SmsInboundTable {
  id: Generated<number>;
  provider_sid: string | null;
  from_number: string;
  body: string;
  message_id: number | null;
  customer_id: number | null;
  action: 'confirmed' | 'not_me' | 'ignored' | 'unmatched';
  received_at: Stamp;
  /** The customer's city: whose team reviews the reply. */
  city_code: string | null;
  county_code: string | null;
  /** open: waiting for the city team (a reply that is not a plain 1/2); null: nothing to review. */
  review_state: ReplyReviewState | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  review_note: string | null;
}

export type ReplyReviewState = 'open' | 'corrected' | 'no_action';

export type CustomerFlagKind = 'sms_failed' | 'sms_not_me' | 'call_empty_number' | 'call_wrong_person';

export interface CustomerFlagsTable {
  id: Generated<number>;
  customer_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  kind: CustomerFlagKind;
  field: Generated<string>;
  value: string;
  reason: string;
  ref: string | null;
  created_at: Stamp;
  resolved_at: Date | null;
}

export type SamplingKind = 'sms' | 'call';
export type StratifyBy = 'city' | 'county' | 'station';

export interface SamplingPlansTable {
  id: Generated<number>;
  campaign_id: number | null;
  kind: SamplingKind;
  name: string;
  /** numeric: a string from both drivers */
  rate: ColumnType<string | null, number | null, number | null>;
  size_per_stratum: number | null;
  stratify_by: StratifyBy;
  city_codes: string[] | null;
  exclude_days: Generated<number>;
  seed: string;
  rule_set_version: number | null;
  members: Generated<number>;
  created_by: number | null;
  created_at: Stamp;
}

export interface SampleStrataTable {
  plan_id: number;
  stratum_code: string;
  city_code: string;
  population: number;
  target: number;
  drawn: number;
}

export interface SampleMembersTable {
  plan_id: number;
  customer_id: number;
  stratum_code: string;
  city_code: string;
  county_code: string;
  station_code: string;
  mobile: string;
  draw_rank: number;
}

export type CallResult = 'answered' | 'no_answer' | 'wrong_person' | 'refused' | 'empty_number';
export type CallField = 'name' | 'mobile' | 'landline' | 'address';
export type CallVerdict = 'correct' | 'wrong' | 'unreachable';

export interface CallTasksTable {
  id: Generated<number>;
  plan_id: number;
  customer_id: number;
  stratum_code: string;
  city_code: string;
  county_code: string;
  station_code: string;
  draw_rank: number;
  status: Generated<'open' | 'done'>;
  leased_by: number | null;
  lease_expires_at: Date | null;
  leased_version: number | null;
  claims: Generated<number>;
  result: CallResult | null;
  request_id: string | null;
  note: string | null;
  finished_by: number | null;
  finished_at: Date | null;
  skipped_by: number | null;
  skipped_until: Date | null;
}

export interface CallFieldResultsTable {
  call_id: number;
  field: CallField;
  verdict: CallVerdict;
  old_value: string | null;
  new_value: string | null;
}

export type PhaseKey = 'deployment' | 'pilot' | 'rollout';
export type PeriodKind = 'week' | 'month';
/** When a week's snapshot was taken relative to its cut-off (see campaign/cut-off.ts). */
export type SnapshotTiming = 'on_time' | 'early' | 'late';
export type UnitLevel = 'province' | 'city' | 'county' | 'station';
export type TrafficLight = 'green' | 'yellow' | 'red';
type Numeric = number;
type DateCol = ColumnType<string, string, string>;

export interface CampaignPhasesTable {
  campaign_id: number;
  phase: PhaseKey;
  starts_on: DateCol;
  ends_on: DateCol;
  updated_by: number | null;
  updated_at: Stamp;
}

export interface PilotStationsTable {
  campaign_id: number;
  station_code: string;
  city_code: string;
  county_code: string;
  chosen_by: number | null;
  chosen_at: Stamp;
}

export interface CampaignTargetsTable {
  campaign_id: number;
  city_code: string;
  phase: PhaseKey;
  target_pct: Numeric;
  deadline: DateCol;
  updated_by: number | null;
  updated_at: Stamp;
}

export interface CampaignTargetHistoryTable {
  id: Generated<number>;
  campaign_id: number;
  city_code: string;
  phase: PhaseKey;
  old_target_pct: Numeric | null;
  old_deadline: DateCol | null;
  new_target_pct: Numeric;
  new_deadline: DateCol;
  changed_by: number | null;
  changed_at: Stamp;
}

export interface CampaignSettingsTable {
  campaign_id: number;
  settings: ColumnType<unknown, string, string>;
  updated_by: number | null;
  updated_at: Stamp;
}

export interface CampaignSettingsHistoryTable {
  id: Generated<number>;
  campaign_id: number;
  old_settings: ColumnType<unknown, string | null, never>;
  new_settings: ColumnType<unknown, string, never>;
  changed_by: number | null;
  changed_at: Stamp;
}

/** Sampling SMS outcomes per city, kept by triggers on sms_messages ('' = messages without a city). */
export interface SmsSamplingCountsTable {
  city_code: string;
  delivered: number;
  finished: number;
  simulated: number;
}

export interface StationCustomerCountsTable {
  station_code: string;
  city_code: string;
  county_code: string;
  customers: number;
  /** of them active (status 'active'): what a validation run checks */
  active: Generated<number>;
}

export interface ProgressSnapshotsTable {
  campaign_id: number;
  period_kind: PeriodKind;
  period_key: string;
  level: UnitLevel;
  unit_code: string;
  city_code: string | null;
  county_code: string | null;
  phase: PhaseKey;
  in_scope: number;
  verified: number;
  completion_pct: Numeric;
  change_pct: Numeric | null;
  rank: number | null;
  rank_change: number | null;
  expected_pct: Numeric | null;
  target_pct: Numeric | null;
  status: TrafficLight | null;
  taken_at: Timestamp;
  timing: Generated<SnapshotTiming>;
  /** outbound changes not superseded, at the cut-off (null: taken before write-back was counted) */
  corrections: number | null;
  /** of those, 已回写 or 源系统已确认 */
  written_back: number | null;
}

export interface EvaluationSnapshotsTable {
  campaign_id: number;
  period_kind: PeriodKind;
  period_key: string;
  city_code: string;
  progress: Numeric | null;
  normativity: Numeric | null;
  timeliness: Numeric | null;
  quality: Numeric | null;
  sample: Numeric | null;
  score: Numeric;
  rank: number;
  details: ColumnType<unknown, string, string>;
  taken_at: Timestamp;
}

export interface WorkReportsTable {
  campaign_id: number;
  city_code: string;
  kind: PeriodKind;
  period_key: string;
  done: string;
  problems: string;
  plan: string;
  station_plan: ColumnType<unknown, string, string>;
  due_at: Timestamp;
  first_submitted_at: Timestamp;
  submitted_at: Timestamp;
  submitted_by: number | null;
}

export interface WeeklyReportsTable {
  campaign_id: number;
  iso_week: string;
  user_id: number;
  city_code: string | null;
  body: string;
  sms_key: string;
  created_at: Stamp;
  timing: Generated<SnapshotTiming>;
}

export type WorksheetExportStatus = 'writing' | 'completed' | 'failed';
export type WorksheetUploadStatus = 'previewed' | 'committed' | 'discarded';
export type WorksheetRowOutcome = 'update' | 'unchanged' | 'conflict' | 'error' | 'blank';
type Json<T> = ColumnType<T, string, string>;

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: Stamp;
}

export interface WorksheetExportsTable {
  id: Generated<number>;
  campaign_id: number | null;
  user_id: number | null;
  city_code: string | null;
  county_code: string | null;
  scope: Json<unknown>;
  status: Generated<WorksheetExportStatus>;
  rows: Generated<number>;
  stations: Generated<number>;
  file_name: Generated<string>;
  created_at: Stamp;
  finished_at: Date | null;
  /** rows written per station code; null for exports made before it was kept */
  station_rows: ColumnType<Record<string, number> | null, string | null | undefined, string | null>;
}

export interface WorksheetUploadsTable {
  id: Generated<number>;
  user_id: number | null;
  city_code: string | null;
  county_code: string | null;
  file_name: string;
  content_hash: string;
  status: Generated<WorksheetUploadStatus>;
  rows_total: Generated<number>;
  rows_update: Generated<number>;
  rows_unchanged: Generated<number>;
  rows_conflict: Generated<number>;
  rows_error: Generated<number>;
  rows_blank: Generated<number>;
  rows_applied: Generated<number>;
  headers: ColumnType<string[], string | undefined, string>;
  created_at: Stamp;
  committed_at: Date | null;
  discarded_at: Date | null;
}

export interface WorksheetUploadRowsTable {
  upload_id: number;
  seq: number;
  sheet: string;
  row_no: number;
  customer_id: number | null;
  export_id: number | null;
  token_version: number | null;
  row_hash: string | null;
  outcome: WorksheetRowOutcome;
  result: string | null;
  changes: ColumnType<Record<string, { old: string; new: string }>, string | undefined, string>;
  current_values: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  errors: ColumnType<{ column: string; zh: string; en: string }[], string | undefined, string>;
  note: string | null;
  raw: ColumnType<string[], string, string>;
}

export interface WorksheetAppliedRowsTable {
  export_id: number;
  customer_id: number;
  row_hash: string;
  upload_id: number;
  applied_at: Stamp;
}

/** A customer field whose value differs from what the marketing system last sent (sparse). */
export interface FieldDivergencesTable {
  customer_id: number;
  field: string;
  /** the value the marketing system last sent */
  base: string;
  source: ChangeSource;
  ref: string | null;
  user_id: number | null;
  at: Stamp;
}

/** 'pending' is 已更正 or, once an export covers it, 已导出 (change_exports) */
export type OutboundState = 'pending' | 'written_back' | 'confirmed' | 'rejected' | 'superseded';

export interface OutboundChangesTable {
  /** the feed id */
  id: Generated<number>;
  customer_id: number;
  customer_no: string;
  city_code: string;
  county_code: string;
  station_code: string;
  field: string;
  base_value: string;
  new_value: string;
  source: ChangeSource;
  ref: string | null;
  user_id: number | null;
  changed_at: Stamp;
  state: OutboundState;
  acked_at: Date | null;
  ack_reason: string | null;
  acked_by: string | null;
  confirmed_at: Date | null;
  confirmed_batch_id: number | null;
}

export type ConflictKind = 'load' | 'rejected';
export type ConflictResolution = 'keep_ours' | 'take_source' | 'other' | 'converged';

export interface SourceConflictsTable {
  id: Generated<number>;
  customer_id: number;
  field: string;
  city_code: string;
  county_code: string;
  station_code: string;
  kind: ConflictKind;
  base: string;
  ours: string;
  theirs: string | null;
  ours_source: ChangeSource | null;
  ours_ref: string | null;
  ours_user_id: number | null;
  ours_at: Date | null;
  batch_id: number | null;
  change_id: number | null;
  reason: string | null;
  status: 'open' | 'resolved';
  resolution: ConflictResolution | null;
  resolved_value: string | null;
  resolved_by: number | null;
  resolved_at: Date | null;
  created_at: Stamp;
}

export interface ChangeExportsTable {
  id: Generated<number>;
  city_code: string | null;
  county_code: string | null;
  after_id: number;
  through_id: number;
  changes: number;
  customers: number;
  format: string;
  user_id: number | null;
  token_id: number | null;
  created_at: Stamp;
}

export interface SourceMissingTable {
  customer_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  batch_id: number;
  since: Stamp;
}

export interface RetentionPolicyTable {
  voltage_class: 'high' | 'low';
  years: number;
  updated_by: number | null;
  updated_at: Date | null;
}

export interface RetentionPolicyHistoryTable {
  id: Generated<number>;
  voltage_class: 'high' | 'low';
  old_years: number;
  new_years: number;
  changed_by: number | null;
  changed_at: Stamp;
}

export type RetentionRunStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** One station's part of a retention run: customers anonymised by voltage class. */
export interface RetentionUnitCount {
  stationCode: string;
  countyCode: string;
  cityCode: string;
  high: number;
  low: number;
  unknown: number;
}

export interface RetentionRunsTable {
  id: Generated<number>;
  trigger: 'schedule' | 'manual';
  status: RetentionRunStatus;
  high_years: number;
  low_years: number;
  high_cutoff: string;
  low_cutoff: string;
  customers: Generated<number>;
  units: ColumnType<RetentionUnitCount[], string | undefined, string>;
  error: string | null;
  user_id: number | null;
  started_at: Stamp;
  finished_at: Date | null;
}

/** One firing of a scheduled job, claimed by the first process to insert its key (plugins/job-ticks.ts). */
export interface JobTicksTable {
  tick_key: string;
  claimed_by: string;
  claimed_at: Stamp;
  finished_at: Stamp | null;
}

export interface MonitoringSettingsTable {
  id: number;
  settings: ColumnType<unknown, string, string>;
  updated_by: number | null;
  updated_at: Stamp;
}

export interface MonitoringSettingsHistoryTable {
  id: Generated<number>;
  old_settings: ColumnType<unknown, string | null, string | null>;
  new_settings: ColumnType<unknown, string, string>;
  changed_by: number | null;
  changed_at: Stamp;
}

export interface QualityDefectsTable {
  week_key: string;
  customer_id: number;
  rule_id: string;
  city_code: string;
  county_code: string;
  station_code: string;
}

export interface QualityWeeksTable {
  week_key: string;
  city_code: string;
  county_code: string;
  station_code: string;
  customers: number;
  customers_with_error: number;
  open_defects: number;
  /** null: no earlier week to compare with */
  new_defects: number | null;
  fixed_defects: number | null;
  gate_records: number;
  gate_errors: number;
  computed_at: Stamp;
}

export interface QualityWeekRulesTable {
  week_key: string;
  city_code: string;
  county_code: string;
  station_code: string;
  rule_id: string;
  open_defects: number;
  new_defects: number | null;
  fixed_defects: number | null;
}

export interface ReverificationDueTable {
  station_code: string;
  city_code: string;
  county_code: string;
  due: number;
  stale: number;
  bounced: number;
  shared: number;
  computed_at: Stamp;
}

export interface MonitoringReportsTable {
  iso_week: string;
  user_id: number;
  city_code: string | null;
  body: string;
  sms_key: string;
  created_at: Stamp;
}

export interface Database {
  campaign_transitions: CampaignTransitionsTable;
  monitoring_settings: MonitoringSettingsTable;
  monitoring_settings_history: MonitoringSettingsHistoryTable;
  quality_defects: QualityDefectsTable;
  quality_weeks: QualityWeeksTable;
  quality_week_rules: QualityWeekRulesTable;
  reverification_due: ReverificationDueTable;
  monitoring_reports: MonitoringReportsTable;
  job_ticks: JobTicksTable;
  retention_policy: RetentionPolicyTable;
  retention_policy_history: RetentionPolicyHistoryTable;
  retention_runs: RetentionRunsTable;
  field_divergences: FieldDivergencesTable;
  outbound_changes: OutboundChangesTable;
  source_conflicts: SourceConflictsTable;
  source_missing: SourceMissingTable;
  change_exports: ChangeExportsTable;
  org_units: OrgUnitsTable;
  users: UsersTable;
  user_setup_codes: UserSetupCodesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  load_batches: LoadBatchesTable;
  load_errors: LoadErrorsTable;
  customers: CustomersTable;
  customer_changes: CustomerChangesTable;
  rule_sets: RuleSetsTable;
  rule_set_activations: RuleSetActivationsTable;
  access_log: AccessLogTable;
  access_requests: AccessRequestsTable;
  access_approvers: AccessApproversTable;
  notifications: NotificationsTable;
  validation_runs: ValidationRunsTable;
  validation_increments: ValidationIncrementsTable;
  validation_dirty: ValidationDirtyTable;
  validation_dirty_keys: ValidationDirtyKeysTable;
  findings: FindingsTable;
  finding_counts: FindingCountsTable;
  unit_counts: UnitCountsTable;
  entry_gate_counts: EntryGateCountsTable;
  campaigns: CampaignsTable;
  customer_verification: CustomerVerificationTable;
  verification_events: VerificationEventsTable;
  verification_counters: VerificationCountersTable;
  sms_messages: SmsMessagesTable;
  sms_sampling_counts: SmsSamplingCountsTable;
  sms_outbox: SmsOutboxTable;
  sms_events: SmsEventsTable;
  sms_inbound: SmsInboundTable;
  customer_flags: CustomerFlagsTable;
  sampling_plans: SamplingPlansTable;
  sample_strata: SampleStrataTable;
  sample_members: SampleMembersTable;
  call_tasks: CallTasksTable;
  call_field_results: CallFieldResultsTable;
  campaign_phases: CampaignPhasesTable;
  pilot_stations: PilotStationsTable;
  campaign_targets: CampaignTargetsTable;
  campaign_target_history: CampaignTargetHistoryTable;
  campaign_settings: CampaignSettingsTable;
  campaign_settings_history: CampaignSettingsHistoryTable;
  station_customer_counts: StationCustomerCountsTable;
  progress_snapshots: ProgressSnapshotsTable;
  evaluation_snapshots: EvaluationSnapshotsTable;
  work_reports: WorkReportsTable;
  weekly_reports: WeeklyReportsTable;
  app_secrets: AppSecretsTable;
  worksheet_exports: WorksheetExportsTable;
  worksheet_uploads: WorksheetUploadsTable;
  worksheet_upload_rows: WorksheetUploadRowsTable;
  worksheet_applied_rows: WorksheetAppliedRowsTable;
  field_entries: FieldEntriesTable;
}

/** One verdict recorded on a phone in the field (现场核实), keyed by the phone's entry id. */
export interface FieldEntriesTable {
  id: Generated<number>;
  entry_key: string;
  user_id: number;
  customer_id: number;
  city_code: string;
  county_code: string;
  station_code: string;
  customer_version: number;
  result: Exclude<VerificationState, 'in_field'>;
  corrections: ColumnType<Record<string, string>, string, string>;
  note: string | null;
  outcome: 'applied' | 'conflict';
  recorded_at: Stamp;
  received_at: Stamp;
  /** the export whose row this entry returns (the customer was in the field from it), if any */
  export_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type CustomerRow = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type UserRow = Selectable<UsersTable>;
