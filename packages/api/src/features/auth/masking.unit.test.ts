import { describe, expect, it } from 'vitest';
import { masker } from './masking.ts';
import type { Principal } from './principal.ts';

const viewer = (role: Principal['role']) => ({ role });

describe('masker(viewer).text', () => {
  it('masks phone and ID numbers quoted in a message for roles that may not see them', () => {
    const text = '可自动修正为19817212512；固话0871-65123456；证件530102199001011234与张三重复';
    expect(masker(viewer('coordinator')).text(text)).toBe(
      '可自动修正为198****2512；固话087****3456；证件5301**********1234与张三重复',
    );
  });
  it('leaves them for roles that work with them, and leaves short numbers alone', () => {
    const text = '可自动修正为19817212512；3组45号';
    expect(masker(viewer('city_member')).text(text)).toBe(text);
    expect(masker(viewer('manager')).text('3组45号，共12户')).toBe('3组45号，共12户');
  });
});

describe('a call agent', () => {
  it('sees masked numbers, except the phones of the customer it holds by its lease', () => {
    const m = masker(viewer('agent'), { heldCustomerIds: new Set([7]) });
    expect(m.text('13812345678 / 530102199001011234')).toBe('138****5678 / 5301**********1234');
    expect(m.forCustomer(8).phone('13812345678')).toBe('138****5678');
    expect(m.forCustomer('7').phone('13812345678')).toBe('13812345678');
    expect(m.forCustomer(7).field('certNo', '530102199001011234')).toBe('5301**********1234');
  });
});

describe('masker(viewer).field', () => {
  it('masks by field name and leaves other fields and nulls alone', () => {
    const m = masker(viewer('coordinator'));
    expect(m.field('mobile', '13812345678')).toBe('138****5678');
    expect(m.field('new_landline', '0871-65123456')).toBe('087****3456');
    expect(m.field('cert_no', '530102199001011234')).toBe('5301**********1234');
    expect(m.field('name', '张三')).toBe('张三');
    expect(m.field('mobile', null)).toBe(null);
  });
});
