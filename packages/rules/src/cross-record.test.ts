import { describe, expect, it } from 'vitest';
import {
  crossRecordFindings,
  findCertNameConflicts,
  findLikelyDuplicates,
  findSharedMobiles,
  mobileKey,
} from './cross-record.ts';
import { record } from './test-support.ts';

const ids = [
  '530426196503121012',
  '530426197811202425',
  '530102199001010036',
  '530402200002295186',
  '532501195510073376',
  '53280119831215460X',
];

describe('cross-record checks', () => {
  it.each([
    ['13987712345', '13987712345'],
    ['+86 139 8771 2345', '13987712345'],
    ['008613987712345', '13987712345'],
    ['１３９８７７１２３４５', '13987712345'],
    ['0877-2345678', undefined],
    ['', undefined],
  ])('mobileKey(%j) = %j', (raw, key) => expect(mobileKey(raw)).toBe(key));

  it('X-01: a mobile shared by ≥ N distinct holders (cert_no, else customer_no)', () => {
    const shared = ids
      .slice(0, 5)
      .map((cert_no, i) =>
        record({ customer_no: `C${i}`, cert_no, mobile: i % 2 ? '+86 13987700000' : '13987700000' }),
      );
    const landlord = [1, 2, 3, 4, 5, 6].map((i) =>
      record({ customer_no: `L${i}`, cert_no: ids[0], mobile: '13900000001' }),
    );
    const result = findSharedMobiles([...shared, ...landlord]);
    expect(result).toEqual([
      { mobile: '13987700000', holders: 5, customerNos: ['C0', 'C1', 'C2', 'C3', 'C4'] },
    ]);
    expect(findSharedMobiles(shared, { minHolders: 6 })).toEqual([]);
  });

  it('X-02: one cert_no under different normalised names', () => {
    const rs = [
      record({ customer_no: 'A', name: '孙文华' }),
      record({ customer_no: 'B', name: '白文华' }),
      record({ customer_no: 'C', name: '孙 文华' }),
      record({ customer_no: 'D', name: '阿卜杜•买买提', cert_no: ids[1] }),
      record({ customer_no: 'E', name: '阿卜杜·买买提', cert_no: ids[1] }),
    ];
    expect(findCertNameConflicts(rs)).toEqual([
      { certNo: ids[0], names: ['孙文华', '白文华'], customerNos: ['A', 'B', 'C'] },
    ]);
  });

  it('X-03: same normalised name and address under different customer_no, unless their IDs differ', () => {
    const addr = '峨山县岔河乡大寨村1组1号';
    const rs = [
      record({ customer_no: 'A', name: '王建华', address: addr, cert_no: ids[0] }),
      record({ customer_no: 'B', name: '王 建华', address: `${addr} `, cert_no: '' }),
      record({ customer_no: 'C', name: '李娜', address: addr, cert_no: ids[1] }),
      record({ customer_no: 'D', name: '李娜', address: addr, cert_no: ids[2] }),
      record({ customer_no: 'E', name: '王建华', address: '峨山县岔河乡大寨村1组2号' }),
    ];
    expect(findLikelyDuplicates(rs)).toEqual([
      {
        name: '王建华',
        address: addr,
        customerNos: ['A', 'B'],
        duplicates: [{ customerNo: 'B', duplicateOf: 'A' }],
      },
    ]);
  });

  it('X-03: only the later customer_no of a pair is the duplicate, named with the earliest it copies', () => {
    const addr = '峨山县岔河乡大寨村1组1号';
    // Input order is not customer_no order, and 'C10' comes after 'C9'.
    const rs = [
      record({ customer_no: 'C10', name: '王建华', address: addr, cert_no: ids[0] }),
      record({ customer_no: 'C9', name: '王建华', address: addr, cert_no: ids[0] }),
      record({ customer_no: 'C11', name: '王建华', address: addr, cert_no: ids[1] }),
      record({ customer_no: 'C12', name: '王建华', address: addr, cert_no: '' }),
    ];
    expect(findLikelyDuplicates(rs)).toEqual([
      {
        name: '王建华',
        address: addr,
        customerNos: ['C9', 'C10', 'C12'],
        duplicates: [
          { customerNo: 'C10', duplicateOf: 'C9' },
          { customerNo: 'C12', duplicateOf: 'C9' },
        ],
      },
    ]);
    const x03 = crossRecordFindings(rs).filter((f) => f.ruleId === 'X-03');
    expect(x03.map((f) => [f.customerNo, f.params?.duplicateOf])).toEqual([
      ['C10', 'C9'],
      ['C12', 'C9'],
    ]);
    expect(x03[0]?.message.zh).toContain('C9');
    expect(x03[0]).toMatchObject({ field: 'name', severity: 'warning', code: 'cross.likely_duplicate' });
  });

  it('crossRecordFindings reports per customer and field', () => {
    const rs = ids
      .slice(0, 5)
      .map((cert_no, i) =>
        record({ customer_no: `C${i}`, cert_no, mobile: '13987700000', name: `张${'伟娜强磊军'[i]}` }),
      );
    const f = crossRecordFindings(rs);
    expect(f).toHaveLength(5);
    expect(f[0]).toMatchObject({
      customerNo: 'C0',
      ruleId: 'X-01',
      field: 'mobile',
      severity: 'warning',
      code: 'cross.shared_mobile',
    });
    expect(crossRecordFindings(rs, { errorHolders: 5 })[0]?.severity).toBe('error');
  });
});
