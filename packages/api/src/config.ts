// The only place that reads process.env. Every bad variable is reported at once; the result is frozen.
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  LOG_LEVEL: LogLevel.default('info'),
  /** Where the built web app lives; served on the same port as the API. */
  WEB_DIST: z.string().default(''),
  /** Secret for signing (worksheet tokens etc.); the embedded default generates one per data folder. */
  APP_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Cookie `Secure` flag: on behind HTTPS in production, off for the local demo. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(50),
  /** Worksheet uploads: rows, unpacked size and zip entries beyond which a file is refused. */
  WORKSHEET_MAX_ROWS: z.coerce.number().int().positive().default(200_000),
  WORKSHEET_MAX_UNZIPPED_MB: z.coerce.number().positive().default(1024),
  WORKSHEET_MAX_ENTRIES: z.coerce.number().int().positive().default(2_000),
  /** Load the demo province on first start: default on for the embedded database, off with DATABASE_URL. */
  DEMO_DATA: z.enum(['on', 'off']).optional(),
  DEMO_CUSTOMERS: z.coerce.number().int().min(0).default(50_000),
  DEMO_SEED: z.coerce.number().int().default(20261127),
});

export type Config = Readonly<
  Omit<z.infer<typeof ConfigSchema>, 'DATA_DIR' | 'DEMO_DATA'> & { DATA_DIR: string; DEMO_DATA: 'on' | 'off' }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration / 配置错误:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const cwd = env.INIT_CWD ?? process.cwd();
  const dataDir = parsed.data.DATA_DIR;
  const config = {
    ...parsed.data,
    DATA_DIR: dataDir ? (isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir)) : resolve(REPO_ROOT, 'data'),
    DEMO_DATA: parsed.data.DEMO_DATA ?? (parsed.data.DATABASE_URL ? 'off' : 'on'),
  };
  return Object.freeze(config);
}
