// PostgreSQL's COPY text format, both ways: one line a row, fields split by tabs, `\N` for null,
// and `\\`, `\t`, `\n`, `\r` (COPY TO also writes `\b` `\f` `\v`) for the characters that would
// break a line or a field. No imports: worker threads parse COPY text with it too.
import type { Cell } from '../db.ts';

/** A value as a field of COPY text. */
export function copyField(value: Cell): string {
  if (value === null) return '\\N';
  const s = String(value);
  return /[\\\t\n\r]/.test(s)
    ? s.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!)
    : s;
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/** A field of COPY text as the value it stands for (`\N` → null). */
export const uncopyField = (field: string): string | null =>
  field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c);

/** Whole lines of COPY text as rows of values (small amounts: the PGlite writer, tests). */
export function parseCopyText(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  for (const line of text.split('\n')) if (line !== '') rows.push(line.split('\t').map(uncopyField));
  return rows;
}
