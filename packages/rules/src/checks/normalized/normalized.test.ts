import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import type { Field } from '../../types.ts';
import { normalizedCheck } from './normalized.ts';

describe('normalized', () => {
  it.each([
    ['name', '阿卜杜热合曼•买买提', '阿卜杜热合曼·买买提'],
    ['name', ' 李 明 ', '李明'],
    ['cert_no', '53280119831215460x', '53280119831215460X'],
    ['cert_no', '５３０４２６１９６５０３１２１０１2', '530426196503121012'],
    ['address', '峨山县 双江街道', '峨山县双江街道'],
    ['name', '张伟', undefined],
    ['cert_no', '530426196503121012', undefined],
  ] as [Field, string, string | undefined][])('%s %j → %j', (field, raw, suggested) => {
    const issue = runCheck(normalizedCheck, field, raw);
    expect(issue?.suggested).toBe(suggested);
    if (suggested) expect(issue?.code).toBe('normalize.changed');
  });
});
