// The outbox's simulated carrier: deterministic per number, realistic rates, 空号 always fail.
import { expect, it } from 'vitest';
import { isEmptyNumber } from '../generator/phones.ts';
import { simulateSend } from './outcome.ts';

it('decides the same outcome for the same number, and fails every empty number', () => {
  const counts = { delivered: 0, undelivered: 0, failed: 0, transient: 0, empty: 0 };
  for (let i = 0; i < 20_000; i++) {
    const n = String(13_600_000_000 + i * 4_973);
    const a = simulateSend(`+86${n}`, 1);
    expect(simulateSend(n, 1)).toEqual(a);
    if (a.kind === 'transient') {
      counts.transient++;
      expect(simulateSend(n, 2).kind).toBe('accepted');
      continue;
    }
    if (a.kind !== 'accepted') throw new Error(`unexpected ${a.kind}`);
    counts[a.outcome]++;
    if (isEmptyNumber(n)) {
      counts.empty++;
      expect(a).toMatchObject({ outcome: 'undelivered', errorCode: '30005' });
    }
  }
  const share = (k: number) => k / 20_000;
  expect(share(counts.delivered)).toBeGreaterThan(0.94);
  expect(share(counts.delivered)).toBeLessThan(0.97);
  expect(share(counts.empty)).toBeGreaterThan(0.01);
  expect(share(counts.transient)).toBeGreaterThan(0.005);
  expect(share(counts.transient)).toBeLessThan(0.02);
});

it('rejects what is not a mobile, as Twilio does (21211)', () => {
  expect(simulateSend('0871-65123456', 1)).toMatchObject({ kind: 'permanent', code: '21211' });
  expect(simulateSend('1381234', 1)).toMatchObject({ kind: 'permanent', code: '21211' });
});
