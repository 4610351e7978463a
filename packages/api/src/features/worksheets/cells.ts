// Cell values going out and coming in. Out: every value is a string cell (never a formula
// object), and a value a spreadsheet would treat as a formula once someone edits the cell or
// saves it as CSV (=, +, -, @, tab, carriage return first) gets an invisible word joiner in front.
// In: the guard is stripped, formula cells give their cached result, rich text its plain text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** U+2060 WORD JOINER: invisible, and a cell starting with it is never evaluated. */
export const GUARD = '\u2060';

export function safeText(value: string): string {
  return FORMULA_START.test(value) ? GUARD + value : value;
}

export function unguard(value: string): string {
  return value.startsWith(GUARD) ? value.slice(1) : value;
}

export type ReadCell =
  | { kind: 'empty' }
  | { kind: 'text'; text: string }
  | { kind: 'date'; date: Date }
  | { kind: 'number'; value: number }
  | { kind: 'formula'; formula: string };

/** One cell value as exceljs's reader gives it, reduced to what the import needs. */
export function readCell(value: unknown): ReadCell {
  if (value === null || value === undefined || value === '') return { kind: 'empty' };
  if (typeof value === 'string') {
    const text = unguard(value).trim();
    return text ? { kind: 'text', text } : { kind: 'empty' };
  }
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { kind: 'date', date: value };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('formula' in v || 'sharedFormula' in v) {
      const result = v.result;
      if (result === undefined || result === null || (typeof result === 'object' && 'error' in result))
        return { kind: 'formula', formula: String(v.formula ?? v.sharedFormula) };
      return readCell(result);
    }
    if (Array.isArray(v.richText))
      return readCell((v.richText as { text: string }[]).map((r) => r.text).join(''));
    if (typeof v.text === 'string') return readCell(v.text);
    if ('error' in v) return { kind: 'text', text: String(v.error) };
  }
  return { kind: 'text', text: String(value) };
}

/** A cell as the text the error workbook writes back. */
export function cellText(cell: ReadCell): string {
  switch (cell.kind) {
    case 'empty':
      return '';
    case 'text':
      return cell.text;
    case 'number':
      return String(cell.value);
    case 'date':
      return cell.date.toISOString().slice(0, 10);
    case 'formula':
      return `=${cell.formula}`;
  }
}
