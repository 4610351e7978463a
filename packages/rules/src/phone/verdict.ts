// Two verdicts on one phone string, in the same shape, so they can be compared: the engine's (our
// checks with default params) and libphonenumber-js/max's. Used by the differential test and the bench.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkLandline } from '../checks/landline/landline.ts';
import { DEFAULT_LANDLINE_PARAMS } from '../checks/landline/params.ts';
import { checkMobile } from '../checks/mobile/mobile.ts';
import { DEFAULT_MOBILE_PARAMS } from '../checks/mobile/params.ts';
import type { CheckContext } from '../types.ts';
import { parsePhone, type ParsedPhone } from './parse.ts';

/** valid = usable as a customer's number; type and E.164 only when valid. */
export interface PhoneVerdict {
  valid: boolean;
  type?: string;
  e164?: string;
}

const CTX: CheckContext = {
  record: {
    customer_no: '',
    name: '',
    customer_type: 'non_residential',
    cert_type: '',
    cert_no: '',
    mobile: '',
    landline: '',
    address: '',
  },
};

/**
 * The engine's verdict: a mobile shape goes through the `mobile` check, a landline shape through
 * `landline` (default params, no region); valid when neither returns an error.
 * Example: engineVerdict('14912345678') → { valid: true, type: 'MOBILE', e164: '+8614912345678' }.
 */
export function engineVerdict(raw: string, parsed: ParsedPhone = parsePhone(raw)): PhoneVerdict {
  if (parsed.shape === 'mobile') {
    const issue = checkMobile(raw, DEFAULT_MOBILE_PARAMS, CTX);
    return issue?.severity === 'error'
      ? { valid: false }
      : { valid: true, type: 'MOBILE', e164: `+86${parsed.national}` };
  }
  if (parsed.shape === 'landline') {
    const issue = checkLandline(raw, DEFAULT_LANDLINE_PARAMS, CTX);
    return issue?.severity === 'error'
      ? { valid: false }
      : { valid: true, type: 'FIXED_LINE', e164: `+86${parsed.national}` };
  }
  return { valid: false };
}

/**
 * libphonenumber-js/max's verdict (default country CN). Example: maxVerdict('0877-0345678') →
 * { valid: true, type: 'FIXED_LINE', e164: '+868770345678' } (LL-02 says no: see overrides.ts).
 */
export function maxVerdict(raw: string): PhoneVerdict {
  const p = parsePhoneNumberFromString(raw, 'CN');
  if (!p || !p.isValid()) return { valid: false };
  const type = p.getType();
  return type === undefined ? { valid: true, e164: p.number } : { valid: true, type, e164: p.number };
}

/** True when both verdicts say the same (validity, and type and E.164 when valid). */
export function sameVerdict(a: PhoneVerdict, b: PhoneVerdict): boolean {
  return a.valid === b.valid && (!a.valid || (a.type === b.type && a.e164 === b.e164));
}
