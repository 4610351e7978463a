// Styles live in several files: tokens and base in app/global.css, shared pieces in
// components/*.css, the shell in app/shell.css, each feature's own beside it. The build does not
// complain about any of the ways this goes wrong silently, so these tests do:
// - a rule left open (a lost "}" in a merge) swallows every rule after it — the print layout went
//   that way once: braces balance, and no top-level rule starts inside another;
// - a stylesheet nobody imports is simply not there;
// - a feature's classes used by another feature would tie the two together: they belong in a
//   shared file instead.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

const rel = (path: string) => relative(SRC, path).split('\\').join('/');
const stylesheets = filesUnder(SRC, (p) => p.endsWith('.css'));
const sources = filesUnder(SRC, (p) => /\.tsx?$/.test(p) && !p.includes('.test.'));
const withoutComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');
/** The space-separated words of every string literal: where class names are written. */
const stringWords = (source: string) =>
  new Set(
    [...source.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`]*)`/g)].flatMap((m) =>
      (m[1] ?? m[2] ?? m[3]!).replace(/\$\{[^}]*\}/g, ' ').split(/\s+/),
    ),
  );

describe('stylesheets', () => {
  it('are split: tokens and base, shared pieces, the shell, and one file per feature', () => {
    expect(stylesheets.length).toBeGreaterThanOrEqual(10);
    // the global file holds tokens and base only; components belong elsewhere
    expect(readFileSync(join(SRC, 'app/global.css'), 'utf8').split('\n').length).toBeLessThan(160);
  });

  it.each(stylesheets.map(rel))('%s closes every rule before the next one starts', (file) => {
    const css = withoutComments(readFileSync(join(SRC, file), 'utf8'));
    let depth = 0;
    const problems: string[] = [];
    css.split('\n').forEach((line, i) => {
      const before = depth;
      depth += (line.match(/{/g)?.length ?? 0) - (line.match(/}/g)?.length ?? 0);
      // prettier indents nested rules; an unindented selector inside a block is a rule left open
      if (before > 0 && /^[^\s}@]/.test(line) && line.includes('{')) problems.push(`line ${i + 1}: ${line}`);
      if (depth < 0) problems.push(`line ${i + 1}: unmatched }`);
    });
    expect(problems).toEqual([]);
    expect(depth).toBe(0);
  });

  it('are each imported by the app', () => {
    const imported = new Set(
      sources.flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(/^import '(\.[^']+\.css)';/gm)].map((m) =>
          rel(join(file, '..', m[1]!)),
        ),
      ),
    );
    expect(stylesheets.map(rel).filter((file) => !imported.has(file))).toEqual([]);
  });

  it("a feature's classes are used by that feature only", () => {
    const featureOf = (file: string) => /^features\/([^/]+)\//.exec(rel(file))?.[1];
    const classesIn = (sheet: string) =>
      new Set(
        [...withoutComments(readFileSync(sheet, 'utf8')).matchAll(/\.([a-z][\w-]*)/g)].map((m) => m[1]!),
      );
    // a feature sheet may style shared classes and states in its context (.login-card .input)
    const shared = new Set(stylesheets.filter((file) => !featureOf(file)).flatMap((f) => [...classesIn(f)]));
    const leaks: string[] = [];
    for (const sheet of stylesheets.filter((file) => featureOf(file))) {
      const owner = featureOf(sheet);
      const classes = [...classesIn(sheet)].filter((name) => !shared.has(name) && !name.startsWith('is-'));
      for (const file of sources.filter((f) => featureOf(f) !== owner)) {
        const words = stringWords(readFileSync(file, 'utf8'));
        for (const name of classes) if (words.has(name)) leaks.push(`${rel(file)} uses .${name}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});
