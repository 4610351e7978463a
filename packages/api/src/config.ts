// The only place that reads process.env. Every bad variable is reported at once; the result is frozen.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validate as validCron } from 'node-cron';
import { z } from 'zod';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The PGlite folder; relative paths are taken from where the command was run (pnpm's INIT_CWD). */
  DATA_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /**
   * A PostgreSQL streaming replica for reads that may lag a moment (dashboard, reports, report
   * exports); writes and reads of one's own writes stay on DATABASE_URL. Unset: all on the primary.
   */
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // PostgreSQL connections (db.ts); the embedded PGlite has one connection and ignores them.
  /** Connections per pool of this process (the primary's, and the replica's if any). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Longest statement, 0 = none. A streamed export (a cursor) counts as one statement from its
   * first row to its last, so this bounds the longest export as well as a runaway query.
   */
  DATABASE_STATEMENT_TIMEOUT_SECONDS: z.coerce.number().min(0).default(600),
  /** A session idle inside an open transaction this long is ended by the server (locks freed); 0 = never. */
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: z.coerce.number().min(0).default(120),
  /** A pooled connection unused this long is closed; 0 = kept open. */
  DATABASE_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(0).default(30),
  LOG_LEVEL: LogLevel.default('info'),
  /** Where the built web app lives; served on the same port as the API. */
  WEB_DIST: z.string().default(''),
  /** Secret for signing (worksheet tokens etc.); the embedded default generates one per data folder. */
  APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Cookie `Secure` flag (and HSTS): default on with DATABASE_URL (production), off for the local demo. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  /**
   * Behind a reverse proxy: `true` (trust X-Forwarded-* from anyone: only when nothing else can
   * reach the port), a number of proxy hops, or comma-separated proxy addresses. Off by default.
   */
  TRUST_PROXY: z
    .string()
    .regex(
      /^(true|false|\d+|[0-9a-fA-F.:/]+(,\s*[0-9a-fA-F.:/]+)*)$/,
      'true, false, a hop count or proxy addresses',
    )
    .default('false')
    .transform((v): boolean | number | string[] =>
      v === 'true' ? true : v === 'false' ? false : /^\d+$/.test(v) ? Number(v) : v.split(/,\s*/),
    ),
  /** Per-user requests a minute: customer search, and every export or download route together. */
  SEARCH_RATE_PER_MINUTE: z.coerce.number().int().positive().default(60),
  DOWNLOAD_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
  /**
   * Who sees phone and ID numbers in full: `role` (admins, city members and integrations by
   * role; coordinators by an approval), or `approval` (only admins and integrations by role;
   * coordinators and city members by an approval, 审批, for a scope and a time).
   */
  UNMASKED_ACCESS: z.enum(['role', 'approval']).default('role'),
  /** Failed logins of one account before it is locked; each further lock doubles (to 1 hour). */
  LOGIN_LOCKOUT_AFTER: z.coerce.number().int().positive().default(5),
  LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().positive().default(60),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(50),
  /** Worksheet uploads: rows, unpacked size and zip entries beyond which a file is refused. */
  WORKSHEET_MAX_ROWS: z.coerce.number().int().positive().default(200_000),
  WORKSHEET_MAX_UNZIPPED_MB: z.coerce.number().positive().default(256),
  WORKSHEET_MAX_ENTRIES: z.coerce.number().int().positive().default(2_000),
  /** Customer and org-unit loads in xlsx: unpacked size beyond which a file is refused (use CSV for more). */
  LOAD_MAX_UNZIPPED_MB: z.coerce.number().positive().default(256),
  /** Load the demo province on first start: default on for the embedded database, off with DATABASE_URL. */
  DEMO_DATA: z.enum(['on', 'off']).optional(),
  DEMO_CUSTOMERS: z.coerce.number().int().min(0).default(50_000),
  DEMO_SEED: z.coerce.number().int().default(20261127),
  /** GB/T 2260 code of the demo province (53 云南, 44 广东, 65 新疆…): its org tree, customers and users. */
  DEMO_PROVINCE: z
    .string()
    .regex(/^(1[1-5]|2[1-3]|3[1-7]|4[1-6]|5[0-4]|6[1-5])$/, 'a two-digit province code (53 云南, 44 广东…)')
    .default('53'),
  // Background jobs (plugins/jobs.ts): JOBS=off runs none in this process; each has its own switch too.
  JOBS: z.enum(['on', 'off']).default('on'),
  /**
   * How often a process running jobs looks for work other processes queued, besides being woken
   * at once by their NOTIFY (PostgreSQL): the safety net for a notification missed while it restarted.
   */
  JOBS_POLL_SECONDS: z.coerce.number().positive().default(10),
  /** Execute queued validation runs in this process (and resume interrupted ones on start). */
  VALIDATION_RUNNER: z.enum(['on', 'off']).default('on'),
  /** The validation schedule (Asia/Shanghai), run by the validation job: off queues nothing by the clock. */
  VALIDATION_SCHEDULE: z.enum(['on', 'off']).default('on'),
  /** Incremental run: only the customers changed since the last run and their cross-record groups. */
  VALIDATION_INCREMENTAL_CRON: z
    .string()
    .refine(validCron, 'not a valid cron expression')
    .default('0 2 * * *'),
  /** Full province run instead of the incremental one (weekly by default); off: only when started by hand. */
  VALIDATION_FULL_CRON: z
    .string()
    .refine((v) => v === 'off' || validCron(v), 'not a valid cron expression (or off)')
    .default('0 2 * * 0'),
  // SMS (features/sms): the provider, Twilio's credentials, and how fast and when to send.
  /**
   * outbox: local, simulated delivery (the demo); twilio; aliyun (阿里云短信). Unset means outbox
   * on the embedded database only: with DATABASE_URL a serving process refuses to start without it.
   */
  SMS_PROVIDER: z.enum(['outbox', 'twilio', 'aliyun']).optional(),
  /** Run the dispatcher inside the server (off when a separate `pnpm cli sms dispatch` runs it). */
  SMS_DISPATCHER: z.enum(['on', 'off']).default('on'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'must look like AC + 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'must look like MG + 32 hex digits')
    .optional(),
  TWILIO_FROM: z.string().min(1).optional(),
  // Alibaba Cloud SMS (SMS_PROVIDER=aliyun): sign name and template approved in the console first.
  ALIYUN_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** The approved sign name (签名), e.g. 清源; Aliyun prefixes every message with 【签名】. */
  ALIYUN_SMS_SIGN_NAME: z.string().min(1).optional(),
  /** The approved template (模板) every message is sent as, e.g. SMS_123456789. */
  ALIYUN_SMS_TEMPLATE_CODE: z.string().min(1).optional(),
  /** The template's variable that carries our text: a template like `${content}`. */
  ALIYUN_SMS_TEMPLATE_PARAM: z.string().min(1).default('content'),
  /** dysmsapi.aliyuncs.com; tests and staging: http://127.0.0.1:port of a fake. */
  ALIYUN_SMS_ENDPOINT: z.string().min(1).default('dysmsapi.aliyuncs.com'),
  /** Secret in the receipt and reply callback URLs (?token=): Aliyun's HTTP push is not signed. */
  ALIYUN_SMS_CALLBACK_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often sent messages' receipts are asked for by QuerySendDetails (0: callbacks only). */
  ALIYUN_SMS_RECEIPT_POLL_SECONDS: z.coerce.number().min(0).default(60),
  /** Only for tests and staging: send the SDK's requests to this base instead of api.twilio.com. */
  TWILIO_API_BASE_URL: z.url().optional(),
  /** The public base URL Twilio calls back (status, inbound); signatures are checked against it. */
  SMS_PUBLIC_URL: z.url().optional(),
  /** Twilio webhooks: body size (KB) and requests a minute per address; beyond either, refused unread. */
  WEBHOOK_BODY_LIMIT_KB: z.coerce.number().int().positive().default(8),
  WEBHOOK_RATE_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Messages per second (0: no limit). */
  SMS_RATE_PER_SECOND: z.coerce.number().min(0).default(20),
  /** Sending window, local hours in SMS_TIMEZONE: from START (inclusive) to END (exclusive). */
  SMS_WINDOW_START_HOUR: z.coerce.number().int().min(0).max(24).default(8),
  SMS_WINDOW_END_HOUR: z.coerce.number().int().min(0).max(24).default(21),
  SMS_TIMEZONE: z.string().min(1).default('Asia/Shanghai'),
  SMS_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  SMS_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(30),
  /** A message left in 'sending' longer than this is reconciled with the provider (> HTTP timeout). */
  SMS_SENDING_LEASE_SECONDS: z.coerce.number().min(0).default(120),
  /** Customers' replies waiting for their city team longer than this many days are shown red. */
  SMS_REPLY_STALE_DAYS: z.coerce.number().int().min(1).default(3),
  /** The sampling SMS; placeholders {customerNo} {maskedName} {cityName} (see features/sms/template.ts). */
  SMS_SAMPLING_TEMPLATE: z.string().min(1).optional(),
  /** How long a call agent holds a customer before it returns to the queue. */
  CALL_LEASE_MINUTES: z.coerce.number().positive().max(1440).default(15),
  /** Campaign scheduler (Asia/Shanghai): weekly snapshot + managers' SMS report, monthly snapshot. */
  CAMPAIGN_SCHEDULER: z.enum(['on', 'off']).default('on'),
  CAMPAIGN_WEEKLY_CRON: z.string().refine(validCron, 'not a valid cron expression').default('0 18 * * 5'),
  /** Fires on days 28–31; only the last day of the month takes the monthly snapshot. */
  CAMPAIGN_MONTHLY_CRON: z
    .string()
    .refine(validCron, 'not a valid cron expression')
    .default('30 18 28-31 * *'),
  /** Retention job (Asia/Shanghai): anonymises closed customers past their retention period. */
  RETENTION_JOB: z.enum(['on', 'off']).default('on'),
  RETENTION_CRON: z.string().refine(validCron, 'not a valid cron expression').default('30 2 * * *'),
  /**
   * Findings retention (part of the retention job): drops old runs' finding partitions, keeping
   * their summaries. Kept besides the current runs: the KEEP_RUNS newest completed runs and any run
   * younger than KEEP_DAYS.
   */
  FINDINGS_RETENTION_CRON: z.string().refine(validCron, 'not a valid cron expression').default('0 3 * * *'),
  FINDINGS_KEEP_RUNS: z.coerce.number().int().min(0).max(1000).default(3),
  FINDINGS_KEEP_DAYS: z.coerce.number().int().min(0).max(36500).default(90),
});

type SmsProvider = NonNullable<z.infer<typeof ConfigSchema>['SMS_PROVIDER']>;

export type Config = Readonly<
  Omit<z.infer<typeof ConfigSchema>, 'DATA_DIR' | 'DEMO_DATA' | 'COOKIE_SECURE' | 'SMS_PROVIDER'> & {
    DATA_DIR: string;
    DEMO_DATA: 'on' | 'off';
    COOKIE_SECURE: boolean;
    SMS_PROVIDER: SmsProvider;
  }
>;

export interface LoadOptions {
  /**
   * The process serves or sends (server, `cli sms dispatch`): with DATABASE_URL it must name its
   * SMS_PROVIDER, so the outbox's simulated delivery never passes for real customers' outcomes.
   */
  isServing?: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 配置错误:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  opts: LoadOptions = {},
): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const sms = parsed.data;
  if (sms.DATABASE_READ_URL && !sms.DATABASE_URL)
    throw new ConfigError([
      'DATABASE_READ_URL: needs DATABASE_URL (the primary) / 只读副本 DATABASE_READ_URL 需要同时设置主库 DATABASE_URL',
    ]);
  if (opts.isServing && sms.DATABASE_URL && !sms.SMS_PROVIDER)
    throw new ConfigError([
      'SMS_PROVIDER: required with DATABASE_URL — set SMS_PROVIDER=aliyun or twilio to send real SMS, ' +
        'or SMS_PROVIDER=outbox to simulate delivery on purpose (simulated outcomes are labelled 模拟) / ' +
        '使用 DATABASE_URL 时必须明确设置 SMS_PROVIDER',
    ]);
  if (sms.SMS_PROVIDER === 'aliyun') {
    const missing = [
      'ALIYUN_ACCESS_KEY_ID',
      'ALIYUN_ACCESS_KEY_SECRET',
      'ALIYUN_SMS_SIGN_NAME',
      'ALIYUN_SMS_TEMPLATE_CODE',
    ].filter((k) => !sms[k as keyof typeof sms]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required when SMS_PROVIDER=aliyun`));
  }
  if (sms.SMS_PROVIDER === 'twilio') {
    const missing = ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'SMS_PUBLIC_URL'].filter(
      (k) => !sms[k as keyof typeof sms],
    );
    if (!sms.TWILIO_MESSAGING_SERVICE_SID && !sms.TWILIO_FROM)
      missing.push('TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM');
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: required when SMS_PROVIDER=twilio`));
  }
  const cwd = env.INIT_CWD ?? process.cwd();
  const dataDir = parsed.data.DATA_DIR;
  const config = {
    ...parsed.data,
    DATA_DIR: dataDir ? (isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir)) : resolve(REPO_ROOT, 'data'),
    DEMO_DATA: parsed.data.DEMO_DATA ?? (parsed.data.DATABASE_URL ? 'off' : 'on'),
    // a real database means production: the session cookie travels over HTTPS only
    COOKIE_SECURE: parsed.data.COOKIE_SECURE ?? !!parsed.data.DATABASE_URL,
    SMS_PROVIDER: parsed.data.SMS_PROVIDER ?? 'outbox',
  };
  return Object.freeze(config);
}
