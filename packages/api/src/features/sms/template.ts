// The Chinese text of a sampling SMS. Coordinators may change it, but only with the placeholders
// below: none of them gives the full name or the ID number, and every rendered text is checked
// again, so a hand-typed name or number in a template cannot leak either.
import { AppError } from '../../errors.ts';

export const DEFAULT_SAMPLING_TEMPLATE =
  '【供电公司】尊敬的{maskedName}客户：您在{cityName}的用电户号{customerNo}预留的联系电话为本号码。信息无误请回复1，非本人请回复2。';

export const PLACEHOLDERS = ['customerNo', 'maskedName', 'cityName', 'stationName'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface TemplateCustomer {
  customerNo: string;
  name: string;
  certNo: string;
  cityName: string;
  stationName: string;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; a company keeps its first character only. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export interface CompiledTemplate {
  text: string;
  render(c: TemplateCustomer): string;
}

/** Refuses unknown placeholders ({name}, {certNo} …) and empty or over-long texts. */
export function compileTemplate(text: string): CompiledTemplate {
  const trimmed = text.trim();
  if (!trimmed) throw new AppError('validation_failed', '短信模板不能为空 / the SMS template is empty');
  if ([...trimmed].length > 300)
    throw new AppError(
      'validation_failed',
      '短信模板过长（最多300字） / the SMS template is too long (300 characters at most)',
    );
  const used = [...trimmed.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!);
  const unknown = used.filter((p) => !(PLACEHOLDERS as readonly string[]).includes(p));
  if (unknown.length)
    throw new AppError(
      'validation_failed',
      `短信模板含不允许的占位符 ${unknown.map((u) => `{${u}}`).join('、')}（可用：${PLACEHOLDERS.map((p) => `{${p}}`).join('、')}；不得包含姓名全称或证件号码） / the template uses placeholders that are not allowed: ${unknown.map((u) => `{${u}}`).join(', ')}`,
      { unknown, allowed: PLACEHOLDERS },
    );
  return {
    text: trimmed,
    render(c) {
      const values: Record<Placeholder, string> = {
        customerNo: c.customerNo,
        maskedName: maskName(c.name),
        cityName: c.cityName,
        stationName: c.stationName,
      };
      const body = trimmed.replace(/\{(\w+)\}/g, (_, p: Placeholder) => values[p]);
      const leak = leaks(body, c);
      if (leak) throw new UnsafeSmsText(leak);
      return body;
    },
  };
}

export class UnsafeSmsText extends Error {
  constructor(readonly what: 'name' | 'cert_no') {
    super(
      what === 'name'
        ? '短信正文含客户姓名全称 / text contains the full name'
        : '短信正文含证件号码 / text contains the ID number',
    );
  }
}

/** The rendered text must never hold the full name (two characters or more) or the ID number. */
function leaks(body: string, c: TemplateCustomer): 'name' | 'cert_no' | undefined {
  const name = c.name.replace(/\s+/g, '');
  if ([...name].length >= 2 && body.replace(/\s+/g, '').includes(name)) return 'name';
  const cert = c.certNo.replace(/\s+/g, '').toUpperCase();
  if (cert.length >= 6 && body.replace(/\s+/g, '').toUpperCase().includes(cert)) return 'cert_no';
  // the distinctive tail of an ID (last 6) is as good as the number to a fraudster
  if (cert.length >= 15 && body.toUpperCase().includes(cert.slice(-6))) return 'cert_no';
  return undefined;
}
