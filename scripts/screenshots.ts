// `pnpm screenshots`: every page of the app as each role sees it, at 1440×900 and at a 390×844
// phone, into docs/screenshots/ (page-role-size.png) with a README listing them. It starts the
// demo server on an embedded PGlite database in a temporary folder, loaded as `pnpm start` loads
// it on first start (the demo province, its campaign played over simulated weeks, a call sample)
// and drives headless Chromium through the browser tests' harness. `pnpm screenshots` builds the
// web app first.   node --import tsx scripts/screenshots.ts [--customers N]
import { mkdir, mkdtemp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { buildApp } from '../packages/api/src/app.ts';
import { loadConfig } from '../packages/api/src/config.ts';
import { createDb } from '../packages/api/src/db.ts';
import { DEMO_PASSWORD } from '../packages/api/src/demo/seed.ts';
import { prepareDatabase } from '../packages/api/src/startup.ts';
import { testClock } from '../packages/api/src/testing/clock.ts';
import { navItemsFor } from '../packages/web/src/app/navigation.ts';
import type { Role } from '../packages/web/src/lib/session.tsx';
import { launchBrowser, logIn, newPage } from '../tests/harness/browser.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/screenshots');
const SIZES = [
  { name: '1440', width: 1440, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;
/** One demo login per role: the user a person of that role would be. */
const LOGINS: { role: Role; username: string }[] = [
  { role: 'admin', username: 'admin' },
  { role: 'coordinator', username: 'coordinator' },
  { role: 'city_member', username: 'kunming' },
  { role: 'agent', username: 'agent' },
  { role: 'manager', username: 'manager' },
];

const { values: args } = parseArgs({
  options: { customers: { type: 'string', default: '3000' } },
});

async function startDemoServer() {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'qy-screens-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    DEMO_DATA: 'on',
    DEMO_CUSTOMERS: args.customers!,
    LOG_LEVEL: 'warn',
    WEB_DIST: path.join(ROOT, 'packages/web/dist'),
    SMS_DISPATCHER: 'off',
    CAMPAIGN_SCHEDULER: 'off',
  });
  // a fixed moment (a Monday morning in Beijing), so two runs show the same dates
  const clock = testClock();
  const db = await createDb(config);
  await prepareDatabase(db, config, clock);
  const app = await buildApp(config, { db, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await db.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function settle(page: import('playwright-core').Page) {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // charts animate in; loading panels give way to data
  await page.waitForTimeout(400);
}

/** The whole page; a page too long to capture in time is kept as its first screen, and said so. */
async function capture(page: import('playwright-core').Page, file: string) {
  try {
    await page.screenshot({ path: path.join(OUT, file), fullPage: true, timeout: 60_000 });
  } catch (err) {
    console.warn(
      `${file}: whole page not captured (${(err as Error).message.split('\n')[0]}), first screen only`,
    );
    await page.screenshot({ path: path.join(OUT, file), timeout: 60_000 });
  }
}

async function shoot(browser: Browser, url: string, files: string[]) {
  for (const size of SIZES) {
    {
      const { context, page } = await newPage(browser, url, size);
      await page.goto('/login');
      await settle(page);
      const file = `login-anonymous-${size.name}.png`;
      await capture(page, file);
      files.push(file);
      await context.close();
    }
    for (const { role, username } of LOGINS) {
      const { context, page } = await newPage(browser, url, size);
      page.setDefaultTimeout(60_000);
      await logIn(page, username, DEMO_PASSWORD);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      for (const item of navItemsFor(role)) {
        await page.goto(item.path);
        await settle(page);
        // the agent's workbench with a customer in hand, not the empty queue
        if (role === 'agent' && item.key === 'calls') {
          await page.keyboard.press('n');
          await page
            .getByTestId('call-customer')
            .waitFor({ timeout: 10_000 })
            .catch(() => undefined);
          await settle(page);
        }
        const file = `${item.key}-${role}-${size.name}.png`;
        await capture(page, file);
        files.push(file);
        console.log(file);
      }
      await context.close();
    }
  }
}

function readme(files: string[]): string {
  const rows = files
    .filter((f) => f.endsWith('-1440.png'))
    .map((f) => {
      const [page, role] = f.replace(/-1440\.png$/, '').split('-');
      const phone = f.replace(/-1440\.png$/, '-390.png');
      return `| ${page} | ${role} | [1440×900](${f}) | [390×844](${phone}) |`;
    });
  return [
    '# Screenshots',
    '',
    'Every page of the app as each role sees it, on a desk (1440×900) and on a phone (390×844), made',
    'by `pnpm screenshots` (scripts/screenshots.ts) from the demo province on an embedded database.',
    'Files are named `page-role-size.png`; whole pages, scrolled to the end.',
    '',
    '| page | role | desk | phone |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

const server = await startDemoServer();
const browser = await launchBrowser();
try {
  await mkdir(OUT, { recursive: true });
  for (const f of await readdir(OUT)) if (f.endsWith('.png')) await unlink(path.join(OUT, f));
  const files: string[] = [];
  await shoot(browser, server.url, files);
  await writeFile(path.join(OUT, 'README.md'), readme(files));
  console.log(`${files.length} screenshots in ${path.relative(ROOT, OUT)}/`);
} finally {
  await browser.close();
  await server.close();
}
