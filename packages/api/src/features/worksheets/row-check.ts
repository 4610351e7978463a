// One uploaded row against the customer it names: what it asks for, what is wrong with it (in
// Chinese and English: row, column, what is wrong, what is expected), and what would change.
// Pure: the caller brings the customer, the active rule set, today's date and the caller's region.
import { normalizeField, type CompiledRuleSet } from '@qingyuan/rules';
import type { WorksheetRowOutcome } from '../../db/schema.ts';
import type { ReadCell } from './cells.ts';
import {
  COLUMNS,
  columnLetter,
  CORRECTIONS,
  RESULT_LABELS,
  resultByLabel,
  type ColumnKey,
  type CorrectableField,
  type ResultState,
} from './template.ts';

export interface RowError {
  column: string;
  zh: string;
  en: string;
}

export const header = (key: ColumnKey) => COLUMNS.find((c) => c.key === key)!.header;
export const rowError = (key: ColumnKey, zh: string, en: string): RowError => ({
  column: header(key),
  zh,
  en,
});

export interface RowInput {
  result: ResultState | null;
  resultLabel: string;
  corrections: Partial<Record<CorrectableField, string>>;
  verifiedOn: string | null;
  hasInput: boolean;
}

const INPUT_KEYS: readonly ColumnKey[] = COLUMNS.filter((c) => c.isInput).map((c) => c.key);

/** Reads the input columns; formulas without a cached value and bad values become errors. */
export function readInputs(
  cells: Map<ColumnKey, ReadCell>,
  rowNo: number,
  today: string,
  errors: RowError[],
): RowInput {
  const text = (key: ColumnKey): string => {
    const cell = cells.get(key);
    if (!cell || cell.kind === 'empty') return '';
    if (cell.kind === 'formula') {
      errors.push(
        rowError(
          key,
          `${columnLetter(key)}${rowNo} 单元格是公式且没有计算结果，请直接填写值`,
          `Cell ${columnLetter(key)}${rowNo} holds a formula without a cached value: type the value instead`,
        ),
      );
      return '';
    }
    if (cell.kind === 'number') return String(cell.value);
    if (cell.kind === 'date') return cell.date.toISOString().slice(0, 10);
    return cell.text;
  };
  const hasInput = INPUT_KEYS.some((k) => {
    const c = cells.get(k);
    return c !== undefined && c.kind !== 'empty';
  });
  const resultLabel = text('result');
  const found = resultByLabel.get(resultLabel);
  if (resultLabel && !found)
    errors.push(
      rowError(
        'result',
        `“${resultLabel}”不是有效的核实结果，应为：${RESULT_LABELS.join('、')}`,
        `"${resultLabel}" is not a result: expected one of ${RESULT_LABELS.join(', ')}`,
      ),
    );
  if (!resultLabel && hasInput)
    errors.push(rowError('result', `未选择核实结果，应为：${RESULT_LABELS.join('、')}`, 'No result chosen'));
  const corrections: RowInput['corrections'] = {};
  for (const c of CORRECTIONS) {
    const v = text(c.key);
    // an ID number is compared in its canonical form (no spaces, upper-case X), as the rules read it
    if (v) corrections[c.field] = c.field === 'cert_no' ? normalizeField('cert_no', v) : v;
  }
  return {
    result: found?.state ?? null,
    resultLabel,
    corrections,
    verifiedOn: readDate(cells.get('verifiedOn'), rowNo, today, errors),
    hasInput,
  };
}

function readDate(
  cell: ReadCell | undefined,
  rowNo: number,
  today: string,
  errors: RowError[],
): string | null {
  if (!cell || cell.kind === 'empty' || cell.kind === 'formula') return null;
  let iso: string | null = null;
  if (cell.kind === 'date') iso = cell.date.toISOString().slice(0, 10);
  else if (cell.kind === 'number' && cell.value > 20000 && cell.value < 80000)
    iso = new Date(Date.UTC(1899, 11, 30) + Math.round(cell.value) * 86_400_000).toISOString().slice(0, 10);
  else if (cell.kind === 'text') {
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(cell.text);
    if (m) {
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      if (d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!) iso = d.toISOString().slice(0, 10);
    }
  }
  const at = `${columnLetter('verifiedOn')}${rowNo}`;
  if (!iso) {
    errors.push(
      rowError(
        'verifiedOn',
        `${at} 不是有效日期，应填写如 2026-12-01`,
        `${at} is not a date: expected e.g. 2026-12-01`,
      ),
    );
    return null;
  }
  if (iso > today)
    errors.push(
      rowError(
        'verifiedOn',
        `核实日期 ${iso} 晚于今天（${today}），不能填写未来的日期`,
        `Date ${iso} is in the future (today is ${today})`,
      ),
    );
  return iso;
}

export interface CurrentCustomer {
  name: string;
  mobile: string;
  landline: string;
  address: string;
  cert_no: string;
  status: string;
}

/** What the row would change, and the rules engine's verdict on the corrected values. */
export function plannedChanges(
  input: RowInput,
  current: CurrentCustomer,
  record: Parameters<CompiledRuleSet['check']>[0],
  rules: CompiledRuleSet,
  errors: RowError[],
): Record<string, { old: string; new: string }> {
  const changes: Record<string, { old: string; new: string }> = {};
  const given = Object.keys(input.corrections).length > 0;
  if (input.result && input.result !== 'corrected' && given)
    errors.push(
      rowError(
        'result',
        `填写了更正值，核实结果应选“已更正”（当前为“${input.resultLabel}”）`,
        `Corrected values are filled in, so the result should be 已更正 (corrected)`,
      ),
    );
  if (input.result === 'corrected' && !given)
    errors.push(
      rowError(
        'result',
        '核实结果为“已更正”，但没有填写任何更正值（更正户名/手机/固话/地址/证件号）',
        'Result is 已更正 (corrected) but no corrected value is filled in',
      ),
    );
  if (input.result !== 'corrected') {
    if (input.result === 'closed' && current.status !== 'closed')
      changes.status = { old: current.status, new: 'closed' };
    return changes;
  }
  for (const c of CORRECTIONS) {
    const v = input.corrections[c.field];
    if (v !== undefined && v !== current[c.field]) changes[c.field] = { old: current[c.field], new: v };
  }
  if (given && Object.keys(changes).length === 0)
    errors.push(
      rowError(
        'result',
        '更正值与系统中现有的值完全相同，如信息无误请选“核实无误”',
        'The corrected values equal the current ones: choose 核实无误 (confirmed) instead',
      ),
    );
  const corrected = { ...record };
  for (const [field, { new: v }] of Object.entries(changes))
    (corrected as Record<string, unknown>)[field] = v;
  for (const f of rules.check(corrected)) {
    if (f.severity !== 'error' || !(f.field in changes)) continue;
    const col = CORRECTIONS.find((c) => c.field === f.field)!;
    errors.push(
      rowError(
        col.key,
        `更正${col.label}未通过系统校验：${f.message.zh}`,
        `Corrected ${f.field} fails validation: ${f.message.en}`,
      ),
    );
  }
  return changes;
}

export type Outcome = WorksheetRowOutcome;
