// The outbox's simulated carrier: deterministic per number, realistic rates, 空号 always fail.
import { expect, it } from 'vitest';
import { isEmptyNumber, simulateSend } from './outbox-carrier.ts';

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

it('reads the number in any of its usual spellings, and only mobiles', () => {
  const empties: string[] = [];
  for (let n = 13_800_000_000; empties.length < 3; n++) if (isEmptyNumber(String(n))) empties.push(String(n));
  const [e] = empties as [string];
  expect(isEmptyNumber(`+86${e}`)).toBe(true);
  expect(isEmptyNumber(`${e.slice(0, 3)} ${e.slice(3, 7)} ${e.slice(7)}`)).toBe(true);
  expect(isEmptyNumber(e.slice(0, 10))).toBe(false);
  // about one number in 64
  let hits = 0;
  for (let n = 0; n < 64_000; n++) if (isEmptyNumber(String(13_900_000_000 + n * 7))) hits++;
  expect(hits).toBeGreaterThan(800);
  expect(hits).toBeLessThan(1_200);
});
