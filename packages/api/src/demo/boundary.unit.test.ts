// The demo (generator, demo seed, scripted campaign) sits beside the product, never inside it:
// it may import features, but no production module may import it. Only the CLI, the startup
// chores (which seed the demo on first start), the test harness and tests may.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const DEMO = join(SRC, 'demo');
/** Where importing the demo is allowed (paths relative to src/). */
const ALLOWED = [/^demo\//, /^cli\//, /^testing\//, /^startup\.ts$/, /\.test\.ts$/, /\.testing\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** The specifiers of `file` (an absolute path) that lead into src/demo. */
function demoImports(file: string, text: string): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((m) => m[1]!)
    .filter((spec) => {
      if (spec.startsWith('@qingyuan/api/')) return spec.startsWith('@qingyuan/api/demo/');
      if (!spec.startsWith('.')) return false;
      const target = resolve(dirname(file), spec);
      return target === DEMO || target.startsWith(DEMO + '/');
    });
}

it('finds a demo import however it is spelled (the scan below can fail)', () => {
  const file = join(SRC, 'features/sms/x.ts');
  const text = [
    "import { a } from '../../demo/generator/phones.ts';",
    "import type { B } from '@qingyuan/api/demo/seed.ts';",
    "const c = await import('../../demo/campaign.ts');",
    "import { d } from '../demo-like/x.ts';",
    "import { e } from './outbox-carrier.ts';",
  ].join('\n');
  expect(demoImports(file, text)).toEqual([
    '../../demo/generator/phones.ts',
    '@qingyuan/api/demo/seed.ts',
    '../../demo/campaign.ts',
  ]);
});

it('no production module imports the demo (features, plugins, app, server)', () => {
  const offenders = sourceFiles(SRC)
    .filter((file) => !ALLOWED.some((re) => re.test(relative(SRC, file))))
    .flatMap((file) =>
      demoImports(file, readFileSync(file, 'utf8')).map((spec) => `${relative(SRC, file)} → ${spec}`),
    );
  expect(offenders).toEqual([]);
});
