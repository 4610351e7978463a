import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { generateCustomers, generateOrgUnits } from './generate.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('streaming', () => {
  it('generates 200k customers without the heap growing', () => {
    const orgs = generateOrgUnits();
    const stream = generateCustomers({ customers: 200_000, seed: 1, defectRate: 0.3 }, orgs);
    const samples: number[] = [];
    let n = 0;
    for (const _ of stream) {
      n++;
      if (n % 40_000 === 0) samples.push(heapAfterGc());
    }
    expect(n).toBe(200_000);
    const [first = 0, ...rest] = samples;
    // A leak of even 40 bytes per customer would show as 6 MB over the last 160k customers.
    for (const s of rest) expect(s - first).toBeLessThan(4_000_000);
  }, 60_000);
});
