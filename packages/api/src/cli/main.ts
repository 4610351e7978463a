// `pnpm cli <command>`: thin wrappers over the services. Run `pnpm cli help` for the list.
import { parseArgs } from 'node:util';
import { basename, resolve } from 'node:path';
import { stopwatch, systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { createDb, type Db } from '../db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { AppError } from '../errors.ts';
import { seedDemo } from '../demo/seed.ts';
import { playCampaignDemo } from '../demo/campaign.ts';
import { runLoad } from '../features/loads/service.ts';
import { generateCommand } from './generate.ts';
import { findingsExport, findingsPrune, validateCommand } from './validate.ts';
import { smsCommand } from './sms.ts';
import { WORKSHEET_HELP, worksheetCommand } from './worksheet.ts';
import { CHANGES_HELP, changesCommand } from './changes.ts';
import { tokenCommand, userCommand, USERS_HELP } from './users.ts';

const HELP = `清源 Qingyuan CLI

  pnpm cli migrate                                  run database migrations
  pnpm cli load org FILE                            load the org tree (CSV or xlsx)
  pnpm cli load customers FILE [--delta]            load customers (CSV UTF-8/GBK or xlsx), merged three ways
                                                    with our corrections; --delta: not a full extract
  pnpm cli generate --customers N --seed S --out DIR [--defect-rate 0.1]
                                                    write a generated province (org, customers, labels)
  pnpm cli demo seed [--customers N] [--seed S]     generate and load the demo province + demo users
  pnpm cli demo campaign [--seed S]                 play a pilot and a rollout over simulated weeks (snapshots, reports)
${USERS_HELP}
  pnpm cli validate [--unit CODE] [--resume RUN_ID] run the rule set over the province (or a city/county), with progress
  pnpm cli validate --incremental                   re-check only the customers changed since the last run (and their groups)
  pnpm cli findings export --run ID [--out FILE]    a run's findings as CSV (customer_no, field, rule, severity, message, suggested)
  pnpm cli findings prune [--dry-run]               drop old runs' findings (FINDINGS_KEEP_RUNS/DAYS), keep their summaries
  pnpm cli sms send-plan --plan ID [--template T]   queue one SMS per member of an SMS sampling plan
  pnpm cli sms dispatch [--until-empty]             send queued SMS (SMS_PROVIDER, rate, window from config)
${WORKSHEET_HELP}
${CHANGES_HELP}

Database: DATABASE_URL (PostgreSQL) or the embedded PGlite in DATA_DIR (default ./data).`;

async function withDb<T>(fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await createDb(loadConfig());
  try {
    await migrateToLatest(db.kysely);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function load(kind: 'org' | 'customers', args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    options: { delta: { type: 'boolean' } },
    allowPositionals: true,
  });
  const file = positionals[0];
  if (!file) throw new Error(`usage: pnpm cli load ${kind} FILE [--delta]`);
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), file);
  await withDb(async (db) => {
    const elapsed = stopwatch();
    const { batch } = await runLoad(db, {
      kind: kind === 'org' ? 'org_units' : 'customers',
      path,
      fileName: basename(path),
      userId: null,
      mode: values.delta ? 'delta' : 'full',
      now: systemClock(),
      onProgress: (rows) => process.stderr.write(`\r  ${rows} rows…`),
    });
    process.stderr.write('\n');
    console.log(
      `批次 batch ${batch.id}: ${batch.rowsTotal} 行 rows, 导入 loaded ${batch.rowsLoaded} (新增 inserted ${batch.rowsInserted}, 更新 updated ${batch.rowsUpdated}, 未变 unchanged ${batch.rowsUnchanged}), 拒绝 rejected ${batch.rowsRejected}; 冲突 conflicts ${batch.rowsConflicts}, 源系统已确认 confirmed ${batch.rowsConfirmed}, 源系统缺失 missing ${batch.rowsMissing} (${batch.mode}) — ${elapsed().toFixed(1)} s`,
    );
    if (batch.rowsRejected > 0)
      console.log(`错误明细 / rejected rows: GET /api/v1/loads/${batch.id}/errors.csv`);
  });
}

async function main(argv: string[]) {
  const [command, sub, ...rest] = argv;
  switch (command) {
    case 'migrate':
      return withDb(async () => console.log('migrations: up to date'));
    case 'load':
      if (sub !== 'org' && sub !== 'customers') throw new Error('usage: pnpm cli load org|customers FILE');
      return load(sub, rest);
    case 'generate':
      return generateCommand([sub, ...rest].filter((a): a is string => a !== undefined));
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: { customers: { type: 'string' }, seed: { type: 'string' }, province: { type: 'string' } },
      });
      const config = loadConfig();
      if (sub === 'campaign')
        return withDb(async (db) => {
          const elapsed = stopwatch();
          const r = await playCampaignDemo(db, {
            now: systemClock(),
            seed: Number(values.seed ?? config.DEMO_SEED),
            log: (l) => console.log(l),
          });
          console.log(`演示治理进度 / demo campaign: ${r.weeks} weeks in ${elapsed().toFixed(1)} s`);
        });
      return withDb((db) =>
        seedDemo(db, {
          customers: Number(values.customers ?? config.DEMO_CUSTOMERS),
          seed: Number(values.seed ?? config.DEMO_SEED),
          province: values.province ?? config.DEMO_PROVINCE,
          now: systemClock(),
          log: (l) => console.log(l),
          withCampaign: true,
          withUsers: !config.DATABASE_URL,
        }),
      );
    }
    case 'user':
      return withDb((db) => userCommand(db, sub, rest));
    case 'token':
      return withDb((db) => tokenCommand(db, sub, rest));
    case 'validate':
      return withDb((db) =>
        validateCommand(
          db,
          [sub, ...rest].filter((a): a is string => a !== undefined),
        ),
      );
    case 'sms':
      return withDb((db) =>
        smsCommand(db, loadConfig(undefined, { isServing: sub === 'dispatch' }), sub, rest),
      );
    case 'findings':
      if (sub === 'prune') return withDb((db) => findingsPrune(db, rest));
      if (sub !== 'export')
        throw new Error('usage: pnpm cli findings export --run ID [--out FILE] | findings prune [--dry-run]');
      return withDb((db) => findingsExport(db, rest));
    case 'worksheet':
      return withDb((db) => worksheetCommand(db, sub, rest));
    case 'changes':
      return withDb((db) => changesCommand(db, sub, rest));
    default:
      console.log(HELP);
      if (command && command !== 'help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof AppError ? `错误 / error: ${err.message}` : err);
  process.exitCode = 1;
});
