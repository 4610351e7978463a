// A user's mobile (managers receive the weekly SMS report on it), checked and normalised when
// saved like a customer's: the rules engine's mobile check refuses what it calls an error (wrong
// length, placeholder numbers), and the number is stored in E.164 (+86…), as the sampling SMS
// sends customer mobiles. Stored as typed, "139 0000 0001" reached the provider as typed.
import { getCheck, normalizeField } from '@qingyuan/rules';

export type UserPhoneResult = { phone: string } | { problem: string };

export function normalizeUserPhone(raw: string): UserPhoneResult {
  const value = normalizeField('mobile', raw.trim());
  const check = getCheck('mobile');
  if (!check) throw new Error('the rules library has no mobile check');
  const issue = check.fn(value, check.params.parse({}), { record: {} as never, field: 'mobile' });
  if (issue?.severity === 'error') return { problem: `${issue.code} ${JSON.stringify(issue.params ?? {})}` };
  const digits = value.replace(/\D/g, '');
  const national = digits.length > 11 ? digits.replace(/^(?:0086|86)/, '') : digits;
  if (!/^1\d{10}$/.test(national)) return { problem: 'mobile.not_a_mobile' };
  return { phone: `+86${national}` };
}
