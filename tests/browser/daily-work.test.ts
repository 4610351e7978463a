// Daily work as each role lives it (issue 23): a city run that shows itself at once, every main
// page usable on a 390 px phone, and no raw code (resident_id, active, known…) in any page or in
// the files people carry — checked against every enum value the API contract declares.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { playCampaignDemo } from '@qingyuan/api/demo/campaign.ts';
import { PROVINCE } from '@qingyuan/api/features/auth/region.ts';
import { createSamplingPlan } from '@qingyuan/api/features/sampling/service.ts';
import { executeRun } from '@qingyuan/api/features/validation/runner.ts';
import { startRun } from '@qingyuan/api/features/validation/service.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';
const CONTRACT_SRC = fileURLToPath(new URL('../../packages/contract/src/', import.meta.url));

// rule texts' placeholders (the SMS page lists the SMS template's own {maskedName}… on purpose)
const RULE_PLACEHOLDER =
  /\{(detail|reason|certKind|certType|customerType|segment|canonical|number|length|field|code)\}/;

type ZodLike = { _zod?: { def?: Record<string, unknown> } };

/** Every enum value of every schema the contract exports: the codes a person must never read. */
async function contractCodes(): Promise<Set<string>> {
  const codes = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return;
    seen.add(node);
    const def = (node as ZodLike)._zod?.def;
    if (!def) return;
    if (def.type === 'enum') for (const v of Object.values(def.entries as object)) codes.add(String(v));
    for (const value of Object.values(def)) {
      if (!value || typeof value !== 'object') continue;
      if ('_zod' in value) visit(value);
      else for (const inner of Object.values(value)) if (inner && typeof inner === 'object') visit(inner);
    }
  };
  const files = readdirSync(CONTRACT_SRC).filter((f) => f.endsWith('.ts') && !f.includes('.test.'));
  for (const file of files)
    for (const value of Object.values(await import(`${CONTRACT_SRC}${file}`))) visit(value);
  // file formats name themselves (导出周报 xlsx); everything else is a code
  for (const word of ['csv', 'xlsx']) codes.delete(word);
  return codes;
}

/** The codes found as whole words in a text (CJK characters count as word boundaries). */
function rawCodesIn(text: string, codes: ReadonlySet<string>): string[] {
  return [...new Set((text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).filter((w) => codes.has(w)))];
}

describe('daily work in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let codes: Set<string>;

  beforeAll(async () => {
    server = await startTestServer();
    await playCampaignDemo(server.db, { now: server.clock(), seed: 7 });
    const coordinator = await server.db.kysely
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', '=', 'coordinator')
      .executeTakeFirstOrThrow();
    await createSamplingPlan(
      server.db,
      {
        kind: 'user',
        id: coordinator.id,
        username: 'coordinator',
        name: 'coordinator',
        role: 'coordinator',
        region: PROVINCE,
      },
      {
        kind: 'call',
        name: '电话核实抽样',
        sizePerStratum: 3,
        stratifyBy: 'city',
        excludeDays: 0,
        seed: 'daily',
      },
      server.clock(),
    );
    codes = await contractCodes();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a city run the moment it is started, even while the server is slow to list runs', async () => {
    expect(codes).toContain('resident_id'); // the scan below is not vacuous
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    await page.goto('/validation');
    await page.getByTestId('start-run').waitFor();
    // from now on the list answers 20 s late, as when the run keeps the database busy
    let listAnswered = 0;
    await page.route('**/api/v1/validation/runs', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      await new Promise((r) => setTimeout(r, 20_000));
      listAnswered++;
      await route.continue().catch(() => undefined);
    });
    await page.getByTestId('start-run-submit').click();
    const row = page.getByTestId('run-row').first();
    await row.waitFor();
    await page.getByTestId('run-live').waitFor();
    // shown from the start request's answer alone, while every list request is still held back
    expect(listAnswered).toBe(0);
    expect(await row.getByTestId('run-status').getAttribute('data-status')).toMatch(/queued|running/);
    expect(await page.getByTestId('start-run-submit').textContent()).toBe('校验进行中…');
    expect(await page.getByTestId('start-run-submit').isDisabled()).toBe(true);
    await page.unroute('**/api/v1/validation/runs');
    // the list keeps refreshing by itself until the run has finished
    await expect
      .poll(() => row.getByTestId('run-status').getAttribute('data-status'), { timeout: 60_000 })
      .toBe('completed');
    await context.close();
  });

  it('fits every main page into a 390 px phone, navigation behind a menu', async () => {
    const pages: [string, string, string, (page: Page) => Promise<void>][] = [
      ['coordinator', '/dashboard', 'dashboard', (p) => p.getByTestId('ranking-table').waitFor()],
      ['kunming', '/worksheets', 'worksheets', (p) => p.getByTestId('worksheet-drop').waitFor()],
      [
        'agent',
        '/calls',
        'calls',
        async (p) => {
          await p.getByTestId('call-empty').waitFor();
          await p.keyboard.press('n');
          await p.getByTestId('call-customer').waitFor();
        },
      ],
      ['coordinator', '/validation', 'findings', (p) => p.getByTestId('findings-table').waitFor()],
    ];
    for (const [user, path, name, ready] of pages) {
      const { context, page } = await newPage(browser, server.url, { width: 390, height: 844 });
      await logIn(page, user, PASSWORD);
      await page.waitForURL(/\/(dashboard|worksheets|calls)$/);
      await page.goto(path);
      await ready(page).catch(async (e) => {
        await screenshot(page, `phone-fail-${name}`, { fullPage: true });
        throw e;
      });
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await screenshot(page, `phone-${name}`, { fullPage: true });
      expect(width, `${path} as ${user}`).toBe(390);
      // the navigation is one tap away and folds again after choosing a page
      expect(await page.locator('.side-nav').isVisible()).toBe(false);
      await page.getByTestId('nav-menu').click();
      expect(await page.locator('.side-nav').isVisible()).toBe(true);
      await page.locator('.side-nav').getByRole('link', { name: '总览' }).click();
      await page.waitForURL('**/dashboard');
      expect(await page.locator('.side-nav').isVisible()).toBe(false);
      await context.close();
    }
  });

  it('never shows a raw code on the main pages, in Chinese or in English', async () => {
    const leaks: string[] = [];
    // the coordinator sees nearly every page; the city team and the agent have their own versions
    const walks: [string, string, 'zh-CN' | 'en', string[] | null][] = [
      ['coordinator', 'dashboard', 'zh-CN', null],
      ['kunming', 'worksheets', 'zh-CN', ['/dashboard', '/campaign', '/worksheets', '/sms', '/calls']],
      ['agent', 'calls', 'zh-CN', ['/calls']],
      [
        'coordinator',
        'dashboard',
        'en',
        ['/dashboard', '/validation', '/rules', '/customers', '/worksheets'],
      ],
    ];
    for (const [user, home, language, paths] of walks) {
      const { context, page } = await newPage(browser, server.url);
      await logIn(page, user, PASSWORD);
      await page.waitForURL(`**/${home}`);
      await page.evaluate((l) => localStorage.setItem('qingyuan.language', l), language);
      const links =
        paths ??
        (await page.locator('.side-nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')!)));
      for (const href of links) {
        await page.goto(href);
        expect(await page.locator('html').getAttribute('lang')).toBe(language);
        await page.locator('main h1').waitFor();
        // every panel has answered: no spinner left
        await expect.poll(() => page.locator('main .spinner').count(), { timeout: 10_000 }).toBe(0);
        // file-format notes name the literal values a file holds; file names are data
        const text = (
          await page.locator('main').evaluate((main) => {
            const copy = main.cloneNode(true) as HTMLElement;
            copy.querySelectorAll('[data-file-format]').forEach((el) => el.remove());
            document.body.append(copy);
            const visible = copy.innerText;
            copy.remove();
            return visible;
          })
        ).replace(/\S+\.(csv|xlsx|zip)\b/g, '');
        // English prose may say "active" or "closed"; a code with an underscore never belongs anywhere
        const found =
          language === 'zh-CN'
            ? rawCodesIn(text, codes)
            : rawCodesIn(text, codes).filter((c) => c.includes('_'));
        if (found.length > 0) leaks.push(`${language} ${user} ${href}: ${found.join(', ')}`);
        if (RULE_PLACEHOLDER.test(text)) leaks.push(`${language} ${user} ${href}: template placeholder`);
        if (/\b\d{2}\/\d{2}\/\d{4}\b/.test(text)) leaks.push(`${language} ${user} ${href}: DD/MM date`);
        if (language === 'en' && /Whole province \(/.test(text))
          leaks.push(`en ${user} ${href}: province name`);
      }
      await context.close();
    }
    expect(leaks).toEqual([]);
  }, 240_000);

  it('writes no raw code into the files people carry, and Beijing time on the worksheet', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    const files: [string, Buffer][] = [];
    const worksheet = await page.request.post('/api/v1/worksheets/exports', { data: { findingsOnly: true } });
    expect(worksheet.status()).toBe(200);
    files.push(['worksheet', await worksheet.body()]);
    for (const kind of ['week', 'month']) {
      const report = await page.request.get(`/api/v1/reports/export.xlsx?kind=${kind}`);
      if (report.status() === 200) files.push([`report-${kind}`, await report.body()]);
    }
    expect(files.length).toBeGreaterThanOrEqual(2);
    const leaks: string[] = [];
    let findingsCells = 0;
    for (const [name, body] of files) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(body as unknown as ArrayBuffer);
      wb.eachSheet((ws) =>
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            const text =
              typeof cell.value === 'object' && cell.value !== null ? cell.text : String(cell.value ?? '');
            if (name === 'worksheet' && /[：:]/.test(text) && ws.name !== '填写说明') findingsCells++;
            for (const code of rawCodesIn(text, codes))
              leaks.push(`${name} ${ws.name}!${cell.address}: ${code} in “${text}”`);
            if (RULE_PLACEHOLDER.test(text))
              leaks.push(`${name} ${ws.name}!${cell.address}: placeholder in “${text}”`);
          }),
        ),
      );
      if (name === 'worksheet') {
        const info = wb.getWorksheet('填写说明')!;
        let exportedAt = '';
        info.eachRow((row) => {
          if (row.getCell(1).text === '导出时间') exportedAt = row.getCell(2).text;
        });
        expect(exportedAt).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）$/);
      }
    }
    expect(findingsCells).toBeGreaterThan(0);
    expect(leaks.slice(0, 10)).toEqual([]);
    await context.close();
  });
});
