// Template safety: no placeholder gives the full name or the ID number, unknown placeholders are
// refused, and a name or number typed into the template by hand is caught at render time.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { compileTemplate, DEFAULT_SAMPLING_TEMPLATE, maskName, UnsafeSmsText } from './template.ts';

const customer = {
  customerNo: '0530100012345',
  name: '欧阳娜娜',
  certNo: '53010219900101123X',
  cityName: '昆明',
  stationName: '华山供电所',
};

describe('sampling SMS template', () => {
  it('renders the default in Chinese without the full name or ID number', () => {
    const body = compileTemplate(DEFAULT_SAMPLING_TEMPLATE).render(customer);
    expect(body).toContain('欧***');
    expect(body).toContain('0530100012345');
    expect(body).toContain('回复1');
    expect(body).toContain('回复2');
    expect(body).not.toContain('欧阳娜娜');
    expect(body).not.toContain('53010219900101123X');
    expect(body).not.toContain('01123X');
  });

  it.each(['{name}', '{certNo}', '{cert_no}', '{idNo}', '{mobile}', '{ name }'])(
    'refuses the placeholder %s',
    (p) => {
      const err = (() => {
        try {
          compileTemplate(`您好${p}，请回复1`);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
      expect((err as AppError).message).toContain('不允许的占位符');
    },
  );

  it('catches a full name or ID number typed into the template', () => {
    expect(() => compileTemplate('欧阳娜娜您好，请回复1').render(customer)).toThrow(UnsafeSmsText);
    expect(() => compileTemplate('证件53010219900101123x，请回复1').render(customer)).toThrow(UnsafeSmsText);
    expect(() => compileTemplate('尾号01123X，请回复1').render(customer)).toThrow(UnsafeSmsText);
    // a one-character name cannot be told from ordinary text: masking still applies
    expect(compileTemplate('{maskedName}您好').render({ ...customer, name: '王' })).toBe('*您好');
  });

  it('masks names', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('云南某某建筑工程有限公司')).toBe('云***');
    expect(maskName('')).toBe('*');
  });

  it('refuses empty and over-long templates', () => {
    expect(() => compileTemplate('  ')).toThrow(AppError);
    expect(() => compileTemplate('字'.repeat(301))).toThrow(AppError);
  });
});
