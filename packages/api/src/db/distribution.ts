// How the schema would be laid out on Citus for one national deployment (docs/scaling.md): every
// table is distributed by the city company's code, a reference table (copied to every node), or
// local to the coordinator. db/citus.test.ts checks Citus's rules against the migrated schema and
// fails when a new table is not placed here or a new key, foreign key or dashboard join breaks one.

/** GB/T 2260 prefecture code of the city company ('5301' 昆明): unique nationally, ~340 values. */
export const DISTRIBUTION_COLUMN = 'city_code';

/** Rows per customer (or per station): co-located by city, so a city's work stays on one shard. */
export const DISTRIBUTED_TABLES = [
  'customers',
  'customer_changes',
  'customer_flags',
  'customer_verification',
  'verification_events',
  'verification_counters',
  'station_customer_counts',
  'entry_gate_counts',
  'findings',
  'finding_counts',
  'unit_counts',
  'field_divergences',
  'outbound_changes',
  'source_conflicts',
  'source_missing',
  'sample_members',
  'call_tasks',
  'call_field_results',
  'sms_messages',
  'sms_sampling_counts',
  'sms_events',
  'sms_inbound',
  'worksheet_upload_rows',
  'worksheet_applied_rows',
  'field_entries',
  'quality_defects',
  'quality_weeks',
  'quality_week_rules',
  'reverification_due',
  // incremental validation (migration 2026_12_06_2220): the changed customers and the groups
  // they left, on their shard
  'validation_dirty',
  'validation_dirty_keys',
] as const;

/** Small, read everywhere, joined with distributed tables: a copy on every node. */
export const REFERENCE_TABLES = [
  'org_units',
  'users',
  'sessions',
  'api_tokens',
  'rule_sets',
  'rule_set_activations',
  'validation_runs',
  'campaigns',
  'campaign_phases',
  'campaign_settings',
  'campaign_settings_history',
  'campaign_targets',
  'campaign_target_history',
  'pilot_stations',
  'sampling_plans',
  'sample_strata',
  'progress_snapshots',
  'evaluation_snapshots',
  'work_reports',
  'weekly_reports',
  'worksheet_exports',
  'worksheet_uploads',
  'load_batches',
  'change_exports',
  'app_secrets',
  'user_setup_codes',
  'retention_policy',
  'retention_policy_history',
  'retention_runs',
  'campaign_transitions',
  'monitoring_settings',
  'monitoring_settings_history',
  'monitoring_reports',
  'access_requests',
  'access_approvers',
  'notifications',
  'validation_increments',
] as const;

/** On the coordinator only, never joined with a distributed table. */
export const LOCAL_TABLES = [
  'kysely_migration',
  'kysely_migration_lock',
  'job_ticks',
  'load_errors',
  'sms_outbox',
  // append-only; read by the auditor with users (a reference table), never with customers
  'access_log',
] as const;
