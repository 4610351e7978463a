// One time source: "now" comes from the injected clock (clock.ts) and reaches SQL as a parameter.
// This scan fails when a wall-clock read appears anywhere else in packages/api/src (code and
// tests alike) or in a migration written after the defaults were dropped, so main cannot go red
// again a week after a test was written.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const MIGRATIONS = join(REPO, 'migrations');

/** The only files that may read the wall clock, relative to the repository (and this scan's samples). */
const ALLOWED = new Set(['packages/api/src/clock.ts', 'packages/api/src/clock.unit.test.ts']);
/** Migrations up to this one are frozen; it dropped every `default now()` they created. */
const LAST_FROZEN_MIGRATION = '2026_12_06_0000_drop_wall_clock_defaults.ts';

const READS: readonly [name: string, pattern: RegExp][] = [
  ['Date.now()', /\bDate\.now\s*\(/],
  ['new Date() without an argument', /\bnew\s+Date\s*\(\s*\)/],
  ['Date() called as a function', /(?<!new\s+)(?<![\w.])Date\s*\(\s*\)/],
  ['performance.now()', /\bperformance\.now\s*\(/],
  ['SQL now()', /(?<![\w.])now\s*\(\s*\)/i],
  ['SQL current_timestamp / current_date / current_time', /\bcurrent_(timestamp|date|time)\b/i],
  // SQL keywords, lower or upper case (a camelCase localTime() is a function of ours)
  ['SQL localtimestamp / localtime', /\b(localtimestamp|localtime|LOCALTIMESTAMP|LOCALTIME)\b/],
  ['SQL transaction/statement/clock_timestamp()', /\b(transaction|statement|clock)_timestamp\s*\(/i],
];

/** Line and block comments removed (a `//` inside a string such as a URL is kept). */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\w])\/\/.*$/gm, '$1');
}

export function wallClockReads(text: string): { line: number; what: string; source: string }[] {
  const found: { line: number; what: string; source: string }[] = [];
  code(text)
    .split('\n')
    .forEach((source, i) => {
      for (const [what, pattern] of READS)
        if (pattern.test(source)) found.push({ line: i + 1, what, source: source.trim() });
    });
  return found;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? e.name === 'node_modules'
        ? []
        : tsFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('one clock', () => {
  it('recognises each kind of wall-clock read (the scan can fail)', () => {
    const samples = [
      'const t = Date.now();',
      'const d = new Date();',
      'const s = Date();',
      'const m = performance.now();',
      'sql`update x set at = now()`',
      'where day = current_date',
      'default CURRENT_TIMESTAMP',
      'select localtimestamp',
      'select clock_timestamp()',
    ];
    for (const s of samples) expect(wallClockReads(s), s).not.toEqual([]);
    // not reads: a date from a value, a clock call, the word in a comment, a URL, a camelCase name
    const fine = [
      'const d = new Date(row.created_at);',
      'const now = clock();',
      'const at = opts.now;',
      'x = 1; // the database now() is not used',
      "const u = 'https://example.cn/a'; // Date.now() would be wrong",
      'const { hour } = localTime(at, zone);',
      'x.nowhere()',
    ];
    for (const s of fine) expect(wallClockReads(s), s).toEqual([]);
  });

  it('finds no wall-clock read outside clock.ts in packages/api/src', () => {
    const offenders = tsFiles(SRC)
      .filter((f) => !ALLOWED.has(relative(REPO, f)))
      .flatMap((f) =>
        wallClockReads(readFileSync(f, 'utf8')).map(
          (r) => `${relative(REPO, f)}:${r.line} ${r.what}: ${r.source}`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('finds no now()-style default or read in migrations written after the defaults were dropped', () => {
    const later = readdirSync(MIGRATIONS)
      .filter((f) => /^\d{4}_\d{2}_\d{2}_\d{4}_.+\.ts$/.test(f) && f > LAST_FROZEN_MIGRATION)
      .flatMap((f) =>
        wallClockReads(readFileSync(join(MIGRATIONS, f), 'utf8')).map((r) => `${f}:${r.line} ${r.what}`),
      );
    expect(later).toEqual([]);
  });
});
