// The stylesheet is one file many features append to; a rule left open (a lost "}" in a merge)
// silently swallows every rule after it — the print layout went that way once. The build does not
// complain, so this does: braces balance, and no top-level rule starts inside another.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('styles.css closes every rule before the next one starts', () => {
  const css = readFileSync(new URL('./styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
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
