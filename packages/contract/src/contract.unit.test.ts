// Response schemas are what keep unmasked data from leaking: fastify serializes through them, and
// a key they do not name is dropped. A loosened object (passthrough, loose, z.any) would send
// whatever a service happened to return, so none may appear here.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CustomerDetailSchema } from './customers.ts';

const dir = new URL('.', import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.includes('.test.'));

describe('the contract', () => {
  it('has a module per feature', () => {
    expect(modules.length).toBeGreaterThanOrEqual(12);
  });

  it.each(modules)('%s loosens no object', (file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    expect(source).not.toMatch(/\.passthrough\(|\.loose\(|z\.looseObject\(|z\.any\(/);
  });

  it('drops a key the schema does not name (what masking relies on)', () => {
    const row = {
      id: '1',
      customerNo: '5300000001',
      name: '张三',
      customerType: 'residential',
      certType: 'resident_id',
      certNo: '5301**********1234',
      certNoFull: '530102199001011234',
      mobile: '138****5678',
      landline: '',
      address: '昆明市',
      stationCode: '53010201',
      stationName: '五华供电所',
      countyName: '五华区',
      cityName: '昆明市',
      status: 'active',
      voltageClass: 'low',
      closedOn: null,
      anonymisedAt: null,
      version: 1,
      updatedAt: '2026-12-07T02:00:00.000Z',
      changes: [],
    };
    expect(CustomerDetailSchema.parse(row)).not.toHaveProperty('certNoFull');
  });
});
