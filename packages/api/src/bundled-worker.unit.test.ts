import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { compileRuleSet, defaultRuleSet } from '@qingyuan/rules';
import { bundleOf, startWorker } from './bundled-worker.ts';
import { checkPageBytes, type CheckedPage } from './features/validation/page-text.ts';

const entry = new URL('./features/validation/page-worker.ts', import.meta.url);
const loader = new URL('./features/validation/page-worker.mjs', import.meta.url);
const today = '2026-12-07';
const workerData = { document: defaultRuleSet, today, divisions: [['530102', '530102']], runId: 7 };
// customerColumns order: id, customer_no, name, customer_type, cert_type, cert_no, mobile, landline,
// address, station_code, county_code, city_code
const page = () =>
  Buffer.from(
    '1\tC001\t张三\tresidential\tresident_id\t\t123\t\t详见\tS01\t530102\t5301\n' +
      '2\tC002\t李四\tresidential\tresident_id\t530426196503121012\t13912345678\t\t云南省昆明市五华区华山街道翠湖社区3组45号\tS01\t530102\t5301\n',
  );

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

/** The worker's answer to one page, after its ready message. */
async function checkIn(w: Worker): Promise<CheckedPage & { error?: string }> {
  started.push(w);
  await new Promise((resolve, reject) => w.once('message', resolve).once('error', reject));
  const bytes = page();
  const answer = new Promise<CheckedPage>((resolve) => w.once('message', resolve));
  w.postMessage({ seq: 1, bytes }, [bytes.buffer as ArrayBuffer]);
  return answer;
}

const expected = () =>
  checkPageBytes(page(), compileRuleSet(defaultRuleSet, { today }), new Map([['530102', '530102']]), 7);

describe('worker threads from a bundle', () => {
  it('bundles an entry once per process and checks a page there as this thread does', async () => {
    const code = await bundleOf(entry);
    expect(typeof code).toBe('string');
    expect(await bundleOf(entry)).toBe(code);
    const result = await checkIn(await startWorker(entry, loader, { workerData }));
    expect(result.error).toBeUndefined();
    expect(result.findings).not.toBe('');
    expect(result).toEqual({ seq: 1, ...expected() });
  });

  it('starts through the tsx entry, with a warning, when the module cannot be bundled', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const missing = new URL('./features/validation/no-such-worker.ts', import.meta.url);
      expect(await bundleOf(missing)).toBeUndefined();
      const result = await checkIn(await startWorker(missing, loader, { workerData }));
      expect(result).toEqual({ seq: 1, ...expected() });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings.join('\n')).toMatch(/no-such-worker\.ts not bundled, started through tsx/);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('does not bundle a module whose bundle esbuild warns about (import.meta is empty there)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qy-bundle-'));
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    try {
      const file = join(dir, 'relative.ts');
      writeFileSync(file, "export const here = new URL('./data.json', import.meta.url);\n");
      expect(await bundleOf(pathToFileURL(file))).toBeUndefined();
      const plain = join(dir, 'plain.ts');
      writeFileSync(plain, 'export const answer: number = 42;\n');
      expect(await bundleOf(pathToFileURL(plain))).toContain('42');
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.join('\n')).toMatch(/relative\.ts not bundled, started through tsx: .*import\.meta/);
    } finally {
      process.off('warning', onWarning);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
