// What a call result means: which field verdicts it carries and which verification state it
// moves the customer to. Pure, so the rules are in one readable place.
//
//   answered      the customer confirmed or corrected fields → confirmed, or corrected if any wrong
//   no_answer     nobody picked up                            → unreachable
//   refused       the customer would not verify               → unreachable
//   empty_number  空号: the mobile is wrong                    → unreachable (the number is flagged)
//   wrong_person  非本人: the mobile reaches someone else      → unreachable (the number is flagged)
//
// Wrong person: a stranger can neither confirm nor correct the customer's data, so nothing is
// changed and the customer is not counted as verified (the field team must reach them), but the
// mobile is recorded as wrong: it counts in the mobile error rate like an empty number does.
import type { CallField, CallResult, CallVerdict } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { CALL_FIELDS, type CallResultBody } from '@qingyuan/contract/calls';

export type CallState = 'confirmed' | 'corrected' | 'unreachable';

export interface FieldOutcome {
  field: CallField;
  verdict: CallVerdict;
  /** The corrected value as the agent typed it (answered + wrong only). */
  value?: string;
}

export const FIELD_LABELS: Record<CallField, { zh: string; en: string }> = {
  name: { zh: '户名', en: 'name' },
  mobile: { zh: '手机号码', en: 'mobile' },
  landline: { zh: '固定电话', en: 'landline' },
  address: { zh: '用电地址', en: 'address' },
};

const invalid = (zh: string, en: string, details?: unknown) =>
  new AppError('validation_failed', `${zh} / ${en}`, details);

/** The body's verdicts, checked for sense; throws validation_failed with the reason. */
export function fieldOutcomes(body: Pick<CallResultBody, 'result' | 'fields'>): FieldOutcome[] {
  const given = CALL_FIELDS.flatMap((field) => {
    const v = body.fields[field];
    return v ? [{ field, verdict: v.verdict, value: v.value }] : [];
  });
  if (body.result !== 'answered') {
    if (given.length > 0)
      throw invalid(
        '只有「已接通」的通话可以逐项核对字段',
        'field verdicts are recorded for answered calls only',
      );
    return flaggedMobile(body.result);
  }
  if (!given.some((g) => g.verdict !== 'unreachable'))
    throw invalid(
      '已接通时请至少核对一个字段',
      'an answered call must confirm or correct at least one field',
    );
  for (const g of given) {
    if (g.verdict !== 'wrong') {
      if (g.value !== undefined && g.value !== '')
        throw invalid(
          `${FIELD_LABELS[g.field].zh}未标为错误，不能填写更正值`,
          `a corrected ${FIELD_LABELS[g.field].en} needs the verdict "wrong"`,
        );
      continue;
    }
    // A landline may be removed (the household gave it up); the other fields may not be blank.
    if (g.value === undefined || (g.value === '' && g.field !== 'landline'))
      throw invalid(
        `${FIELD_LABELS[g.field].zh}标为错误时请填写正确的值`,
        `a wrong ${FIELD_LABELS[g.field].en} needs the corrected value`,
        [{ field: g.field }],
      );
  }
  return given.map((g) => (g.verdict === 'wrong' ? g : { field: g.field, verdict: g.verdict }));
}

function flaggedMobile(result: CallResult): FieldOutcome[] {
  return result === 'empty_number' || result === 'wrong_person'
    ? [{ field: 'mobile', verdict: 'wrong' }]
    : [];
}

export function stateOf(result: CallResult, outcomes: readonly FieldOutcome[]): CallState {
  if (result !== 'answered') return 'unreachable';
  return outcomes.some((o) => o.verdict === 'wrong') ? 'corrected' : 'confirmed';
}
