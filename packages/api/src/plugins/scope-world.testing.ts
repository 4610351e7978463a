// The world the scope probes (scope.test.ts) run in: two cities, and in 昆明 two counties — 五华,
// where the county user works, and 官渡, a sibling county it must not see. Each viewer carries
// the list of what lies outside its region, so one probe per route serves both.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { fixedClock } from '../clock.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE, type Region } from '../features/auth/region.ts';
import { seedCampaignForProbes } from '../features/campaign/scope-probes.testing.ts';
import { createSamplingPlan } from '../features/sampling/service.ts';
import { executeRun } from '../features/validation/runner.ts';
import { startRun } from '../features/validation/service.ts';
import { exportWorksheets } from '../features/worksheets/export.ts';
import { TEST_EPOCH } from '../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../testing/factories.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';

/** 官渡区, beside 五华区 in 昆明. */
export const SIBLING = { county: '530111', station: '53011101' } as const;

interface Customer {
  id: number;
  customer_no: string;
  name: string;
  mobile: string;
}

export interface Viewer {
  label: string;
  cookie: string;
  region: { cityCode: string; countyCode?: string };
  /** a unit name and a station the viewer's own answers show */
  ownName: string;
  ownStation: string;
  ownCustomers: string[];
  /** customers outside the region: their numbers, names and mobiles never show */
  foreignCustomers: Customer[];
  /** what names a unit outside the region in an answer: a JSON string's start, a name */
  foreignUnits: string[];
  /** units a ?unit= or unitCode is refused for: outside the region, or wider than it */
  refusedUnits: string[];
  foreignStations: string[];
  hiddenRuns: string[];
  visibleRuns: string[];
  hiddenPlans: number[];
  foreignUploads: number[];
  /** sampling SMS of a province-wide plan inside the region */
  smsInRegion: number;
}

export async function buildScopeWorld() {
  const db: TestDb = await createTestDb();
  let dir = '';
  await seedOrgTree(db.kysely);
  await db.kysely
    .insertInto('org_units')
    .values([
      unit(SIBLING.county, '官渡区供电公司', 'county', TREE.kunming.city, null),
      unit(SIBLING.station, '关上供电所', 'station', SIBLING.county, SIBLING.county),
    ])
    .execute();
  const app = await buildTestApp(db);
  const login = async (cityCode: string, countyCode?: string) => {
    const u = await newUser(db.kysely, 'city_member', { cityCode, ...(countyCode ? { countyCode } : {}) });
    return loginAs(app, u.username, TEST_PASSWORD);
  };
  const qujingCookie = await login(TREE.qujing.city);
  const wuhuaCookie = await login(TREE.kunming.city, TREE.kunming.county);
  // each with an ID number of its own, so the masking matrix (matrix.test.ts) can tell them apart
  const kunming = await newCustomer(db.kysely, {
    name: '昆明甲',
    mobile: '13811112222',
    cert_no: '530102198807150012',
    city: 'kunming',
  });
  const qujing = await newCustomer(db.kysely, {
    name: '曲靖乙',
    cert_no: '530302197502030025',
    city: 'qujing',
  });
  // a bad landline, so the sibling county's customer has findings of its own
  const guandu = await newCustomer(db.kysely, {
    name: '官渡丁',
    mobile: '13833334444',
    cert_no: '530111199912310036',
    landline: '12',
    city: 'kunming',
    county_code: SIBLING.county,
    station_code: SIBLING.station,
  });
  const c = await newUser(db.kysely, 'coordinator');
  const coordinator: Principal = {
    kind: 'user',
    id: c.id,
    username: c.username,
    name: c.username,
    role: 'coordinator',
    region: PROVINCE,
  };
  const run = async (unitCode?: string) => {
    const { id } = await startRun(db, coordinator, TEST_EPOCH, unitCode);
    await executeRun(db, Number(id), { clock: fixedClock(TEST_EPOCH) });
    return id;
  };
  const runs = {
    kunming: await run(TREE.kunming.city),
    province: await run(),
    guandu: await run(SIBLING.county),
  };
  const kunmingMember = {
    ...coordinator,
    role: 'city_member',
    region: { cityCode: TREE.kunming.city },
  } as const;
  const worksheet = await exportWorksheets(
    db,
    kunmingMember,
    { findingsOnly: false, pilotOnly: false, layout: 'sheets' },
    { outDir: (dir = await mkdtemp(`${tmpdir()}/qy-scope-`)), now: TEST_EPOCH },
  );
  const upload = async (region: Region, fileName: string) =>
    (
      await db.kysely
        .insertInto('worksheet_uploads')
        .values({
          user_id: c.id,
          city_code: region.cityCode ?? null,
          county_code: region.countyCode ?? null,
          file_name: fileName,
          content_hash: 'x',
          created_at: TEST_EPOCH,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const uploads = {
    kunming: await upload({ cityCode: TREE.kunming.city }, '昆明甲.xlsx'),
    guandu: await upload({ cityCode: TREE.kunming.city, countyCode: SIBLING.county }, '官渡丁.xlsx'),
  };
  const batchId = (
    await db.kysely
      .insertInto('load_batches')
      .values({ kind: 'customers', file_name: 'k.csv', user_id: null, started_at: TEST_EPOCH })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const plan = (cityCode: string) =>
    createSamplingPlan(
      db,
      coordinator,
      { kind: 'sms', rate: 1, stratifyBy: 'station', excludeDays: 0, cityCodes: [cityCode] },
      TEST_EPOCH,
    );
  const plans = { kunming: (await plan(TREE.kunming.city)).id, qujing: (await plan(TREE.qujing.city)).id };
  await seedCampaignForProbes(db);

  const city: Viewer = {
    label: '曲靖 city user',
    cookie: qujingCookie,
    region: { cityCode: TREE.qujing.city },
    ownName: '曲靖',
    ownStation: TREE.qujing.station,
    ownCustomers: ['曲靖乙'],
    foreignCustomers: [kunming, guandu],
    foreignUnits: ['"5301', '昆明', '华山供电所', '官渡', '关上供电所'],
    refusedUnits: [TREE.kunming.city, TREE.kunming.county, SIBLING.county, TREE.province],
    foreignStations: [TREE.kunming.station, SIBLING.station],
    hiddenRuns: [runs.kunming, runs.guandu],
    visibleRuns: [runs.province],
    hiddenPlans: [plans.kunming],
    foreignUploads: [uploads.kunming, uploads.guandu],
    smsInRegion: 0, // 曲靖乙's 13812345678 is a placeholder: never texted
  };
  const county: Viewer = {
    label: '五华 county user',
    cookie: wuhuaCookie,
    region: { cityCode: TREE.kunming.city, countyCode: TREE.kunming.county },
    ownName: '五华',
    ownStation: TREE.kunming.station,
    ownCustomers: ['昆明甲'],
    foreignCustomers: [qujing, guandu],
    foreignUnits: ['"5303', '曲靖', '南宁供电所', '麒麟', '"530111', '官渡', '关上供电所'],
    // its own city is wider than its region: refused too
    refusedUnits: [TREE.qujing.city, TREE.qujing.county, SIBLING.county, TREE.kunming.city, TREE.province],
    foreignStations: [TREE.qujing.station, SIBLING.station],
    hiddenRuns: [runs.guandu],
    // the runs of its city and of the province cover it: it sees its part of them
    visibleRuns: [runs.province, runs.kunming],
    hiddenPlans: [plans.qujing],
    foreignUploads: [uploads.kunming, uploads.guandu],
    smsInRegion: 1, // 昆明甲, not 官渡丁
  };
  return {
    db,
    app,
    coordinator,
    /** The app, the database and the exported worksheet's folder, gone. */
    close: async () => {
      await app.close();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
    worksheet: worksheet.path,
    batchId,
    uploads,
    runs,
    plans,
    customers: { kunming, qujing, guandu },
    viewers: { city, county },
  };
}

/** An org row of 昆明 below the city: a county (its own county code) or a station of `county`. */
export function unit(
  code: string,
  name: string,
  level: 'county' | 'station',
  parent: string,
  county: string | null,
) {
  return {
    code,
    name,
    level,
    parent_code: parent,
    division_code: level === 'county' ? code : null,
    city_code: TREE.kunming.city,
    county_code: county ?? code,
    created_at: TEST_EPOCH,
    updated_at: TEST_EPOCH,
  };
}
