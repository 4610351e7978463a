import { describe, expect, it } from 'vitest';
import { fieldOutcomes, stateOf } from './verdicts.ts';

describe('what a call result means', () => {
  it.each([
    ['no_answer', [], 'unreachable'],
    ['refused', [], 'unreachable'],
    ['empty_number', [{ field: 'mobile', verdict: 'wrong' }], 'unreachable'],
    ['wrong_person', [{ field: 'mobile', verdict: 'wrong' }], 'unreachable'],
  ] as const)('%s → verdicts %j, state %s', (result, verdicts, state) => {
    const outcomes = fieldOutcomes({ result, fields: {} });
    expect(outcomes).toEqual(verdicts);
    expect(stateOf(result, outcomes)).toBe(state);
  });

  it('answered: all checked fields correct → confirmed; any wrong → corrected', () => {
    const confirmed = fieldOutcomes({
      result: 'answered',
      fields: { name: { verdict: 'correct' }, landline: { verdict: 'unreachable' } },
    });
    expect(stateOf('answered', confirmed)).toBe('confirmed');
    const corrected = fieldOutcomes({
      result: 'answered',
      fields: { name: { verdict: 'correct' }, address: { verdict: 'wrong', value: '新地址' } },
    });
    expect(corrected).toEqual([
      { field: 'name', verdict: 'correct' },
      { field: 'address', verdict: 'wrong', value: '新地址' },
    ]);
    expect(stateOf('answered', corrected)).toBe('corrected');
  });

  it.each([
    [{ result: 'answered', fields: {} }, /至少核对一个字段/],
    [{ result: 'answered', fields: { name: { verdict: 'unreachable' } } }, /至少核对一个字段/],
    [{ result: 'answered', fields: { mobile: { verdict: 'wrong' } } }, /手机号码标为错误时请填写正确的值/],
    [{ result: 'answered', fields: { address: { verdict: 'wrong', value: '' } } }, /用电地址标为错误时/],
    [{ result: 'answered', fields: { name: { verdict: 'correct', value: '李四' } } }, /不能填写更正值/],
    [{ result: 'no_answer', fields: { name: { verdict: 'correct' } } }, /只有「已接通」/],
  ] as const)('refuses %j', (body, message) => {
    expect(() => fieldOutcomes(body)).toThrow(message);
  });

  it('lets an answered call clear a landline the household gave up', () => {
    const outcomes = fieldOutcomes({
      result: 'answered',
      fields: { landline: { verdict: 'wrong', value: '' } },
    });
    expect(outcomes).toEqual([{ field: 'landline', verdict: 'wrong', value: '' }]);
  });
});
