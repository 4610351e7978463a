// The demo province: generated with the data generator, loaded through the real loader (so the
// demo exercises the same path as a real extract), plus one demo user per role.
import { normalizeUserPhone } from '../features/auth/phone.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '../clock.ts';
import type { Db } from '../db.ts';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../features/auth/password.ts';
import { writeProvinceFiles } from './generator/files.ts';
import { DEFAULT_PROVINCE, demoProvince } from './generator/gazetteer.ts';
import { runLoad } from '../features/loads/service.ts';
import { playCampaignDemo } from './campaign.ts';
import { createSamplingPlan } from '../features/sampling/service.ts';
import { executeRun } from '../features/validation/runner.ts';
import { startRun } from '../features/validation/service.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE } from '../features/auth/region.ts';

export const DEMO_PASSWORD = 'qingyuan2026';

/** Who the demo's own steps act as. */
const DEMO_ADMIN: Principal = {
  kind: 'token',
  id: 0,
  username: 'demo',
  name: '演示',
  role: 'admin',
  region: PROVINCE,
};

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  cityCode?: string;
  phone?: string;
  note: string;
}

/** The Yunnan demo's users: two city teams, 昆明 and 曲靖. */
export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', note: '系统管理员 admin' },
  {
    username: 'coordinator',
    displayName: '省公司协调员',
    role: 'coordinator',
    note: '省公司协调员 province coordinator',
  },
  {
    username: 'kunming',
    displayName: '昆明供电公司核查员',
    role: 'city_member',
    cityCode: '5301',
    note: '地市核查员 city team (昆明)',
  },
  {
    username: 'qujing',
    displayName: '曲靖供电公司核查员',
    role: 'city_member',
    cityCode: '5303',
    note: '地市核查员 city team (曲靖)',
  },
  { username: 'agent', displayName: '客服中心坐席', role: 'agent', note: '客服坐席 call-center agent' },
  {
    username: 'manager',
    displayName: '营销部主任',
    role: 'manager',
    phone: '13987100001',
    note: '管理人员（只读） manager, read-only',
  },
];

/**
 * The demo users of a province: Yunnan's as ever; elsewhere the two city teams are its first two
 * city companies' (city1, city2: 广州 and 韶关 in Guangdong).
 */
export function demoUsers(province: string = DEFAULT_PROVINCE): DemoUser[] {
  if (province === DEFAULT_PROVINCE) return DEMO_USERS;
  const cities = demoProvince(province).cities.slice(0, 2);
  const teams = cities.map((c, i): DemoUser => ({
    username: `city${i + 1}`,
    displayName: `${c.shortName}供电公司核查员`,
    role: 'city_member',
    cityCode: c.code,
    note: `地市核查员 city team (${c.shortName})`,
  }));
  return DEMO_USERS.flatMap((u) => (u.cityCode === '5301' ? teams : u.cityCode ? [] : [u]));
}

export async function hasData(db: Db): Promise<boolean> {
  return (await db.kysely.selectFrom('org_units').select('code').limit(1).execute()).length > 0;
}

export async function createDemoUsers(db: Db, now: Date, province?: string): Promise<void> {
  const hash = await hashPassword(DEMO_PASSWORD);
  await db.kysely
    .insertInto('users')
    .values(
      demoUsers(province).map((u) => ({
        username: u.username,
        display_name: u.displayName,
        role: u.role,
        city_code: u.cityCode ?? null,
        county_code: null,
        phone: u.phone ? phoneOf(u.phone) : null,
        password_hash: hash,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('username').doNothing())
    .execute();
}

/** Generates and loads the demo province (org tree, customers) and creates the demo users. */
export async function seedDemo(
  db: Db,
  opts: {
    customers: number;
    seed: number;
    /** GB/T 2260 code of the province to generate; default 53 (云南). */
    province?: string;
    /** The demo's "today": the campaign is played up to it. */
    now: Date;
    log?: (line: string) => void;
    withCampaign?: boolean;
    /** The demo logins, all with the published DEMO_PASSWORD: never on a real database (false). */
    withUsers?: boolean;
  },
) {
  const { now } = opts;
  const log = opts.log ?? (() => {});
  const dir = await mkdtemp(join(tmpdir(), 'qy-demo-'));
  try {
    const province = opts.province ?? DEFAULT_PROVINCE;
    log(
      `生成演示数据 / generating the demo province ${province}: ${opts.customers} customers (seed ${opts.seed})…`,
    );
    const files = await writeProvinceFiles(dir, { customers: opts.customers, seed: opts.seed, province });
    const base = { userId: null, now };
    await runLoad(db, { ...base, kind: 'org_units', path: files.orgUnits, fileName: 'demo-org_units.csv' });
    let last = 0;
    const { counts } = await runLoad(db, {
      ...base,
      kind: 'customers',
      path: files.customers,
      fileName: 'demo-customers.csv',
      onProgress: (rows) => {
        if (rows - last >= 10_000 || (rows === opts.customers && rows !== last)) {
          last = rows;
          log(`  导入客户 / loading customers: ${rows}/${opts.customers}`);
        }
      },
    });
    if (opts.withUsers ?? true) await createDemoUsers(db, now, province);
    if (opts.withCampaign) {
      // The campaign starts with a province-wide validation run (系统校验): its findings are
      // what the dashboard shows and what a "findings only" export (the worksheet page's
      // default) lists. Without it, a city team's first export in the demo was empty.
      log('系统校验 / validating the demo province…');
      const run = await startRun(db, DEMO_ADMIN, now);
      await executeRun(db, Number(run.id), { clock: fixedClock(now) });
      // a pilot and a rollout over simulated weeks, so the dashboard has a history to show
      log('演示治理进度 / playing the demo campaign (simulated weeks)…');
      await playCampaignDemo(db, { now, seed: opts.seed, log });
      // a live call sample (60 per city), so the demo agent has a queue to work on
      const plan = await createSamplingPlan(
        db,
        DEMO_ADMIN,
        {
          kind: 'call',
          name: '人工外呼抽样（演示）',
          sizePerStratum: 60,
          stratifyBy: 'city',
          excludeDays: 0,
          seed: String(opts.seed),
        },
        now,
      );
      log(`演示外呼样本 / demo call sample: ${plan.members} customers`);
    }
    log(
      `演示数据就绪 / demo data ready: ${counts.rowsLoaded} customers loaded, ${counts.rowsRejected} rejected`,
    );
    return counts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Demo users' mobiles, stored as the CLI stores them (+86…). */
function phoneOf(raw: string): string {
  const r = normalizeUserPhone(raw);
  if ('problem' in r) throw new Error(`demo user phone ${raw}: ${r.problem}`);
  return r.phone;
}
