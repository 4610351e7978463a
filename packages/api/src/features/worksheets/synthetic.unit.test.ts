// The export bench's reference writes the generator's customers as the export would: each value
// in its template column, quoted CSV fields read whole, the station's name for its code.
import { expect, it } from 'vitest';
import { customerFileRows } from './synthetic.testing.ts';
import { columnIndex } from './template.ts';

const ORG = 'code,name,level,parent_code,division_code\n53010201,华山供电所,station,530102,530102\n';
const CUSTOMERS = [
  'customer_no,name,customer_type,cert_type,cert_no,mobile,landline,address,station_code,status',
  '5301000000001,许菊娜,residential,resident_id,530102197507217879,13851051197,,五华区护国街道17号,53010201,active',
  '5301000000002,"张,三",residential,resident_id,530102193505294063,13596539540,0871-54018229,"西环路""183""号",53010201,active',
].join('\n');

it('reads each customer into its template column, quoted fields whole', () => {
  const rows = [...customerFileRows(CUSTOMERS, ORG)];
  expect(rows).toHaveLength(2);
  const cell = (row: number, key: Parameters<typeof columnIndex>[0]) => rows[row]![columnIndex(key)];
  expect([cell(0, 'customerNo'), cell(0, 'name'), cell(0, 'mobile'), cell(0, 'landline')]).toEqual([
    '5301000000001',
    '许菊娜',
    '13851051197',
    null, // no landline: no cell, as the export writes it
  ]);
  expect([cell(0, 'address'), cell(0, 'certNo'), cell(0, 'station'), cell(0, 'findings')]).toEqual([
    '五华区护国街道17号',
    '530102197507217879',
    '华山供电所',
    null,
  ]);
  expect([cell(1, 'name'), cell(1, 'address'), cell(1, 'landline')]).toEqual([
    '张,三',
    '西环路"183"号',
    '0871-54018229',
  ]);
  expect(cell(1, 'token')).toMatch(/^QY1\.1\.2\.1\.[A-Za-z]{16}$/);
  expect([cell(1, 'result'), cell(1, 'remark')]).toEqual([null, null]);
});
