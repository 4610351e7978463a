// One home for who sees which digits (masking.ts): this scan fails when code elsewhere in
// packages/api/src decides by role itself (seesFullPhone/seesFullCert) or writes its own mask
// ('****' in a string), so a new answer or file cannot mask differently from the rest.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../', import.meta.url));
const HOME = 'features/auth/masking.ts';

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (/\.ts$/.test(entry.name) && !/\.(test|testing)\.ts$|\.unit\.test\.ts$/.test(entry.name))
      yield path;
  }
}

const LEAKS: readonly [name: string, pattern: RegExp][] = [
  ['decides by role (seesFullPhone / seesFullCert)', /\bseesFull(Phone|Cert)\b/],
  ['writes its own mask', /['"`][^'"`\n]*\*{4}[^'"`\n]*['"`]/],
];

it('masks phones and IDs only through features/auth/masking.ts', () => {
  const found: string[] = [];
  for (const file of sources(SRC)) {
    const name = relative(SRC, file);
    if (name === HOME) continue;
    const text = readFileSync(file, 'utf8');
    for (const [what, pattern] of LEAKS) if (pattern.test(text)) found.push(`${name}: ${what}`);
  }
  expect(found).toEqual([]);
});

it('would notice a second masking function', () => {
  expect(LEAKS.some(([, p]) => p.test('const m = `${v.slice(0, 3)}****${v.slice(-4)}`'))).toBe(true);
  expect(LEAKS.some(([, p]) => p.test('if (seesFullPhone(viewer)) return v;'))).toBe(true);
});
