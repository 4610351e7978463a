// The simulated carrier of the local outbox: what happens to a message, decided from the number
// alone (and the attempt), so every run and every test sees the same outcome for the same number.
// Which numbers are 空号 is this carrier's rule: the demo generator imports it, never the reverse.
import type { SmsOutcome } from '../../db/schema.ts';

export type SimulatedSend =
  | { kind: 'accepted'; outcome: SmsOutcome; errorCode: string | null; delayMs: number }
  | { kind: 'transient' | 'permanent'; code: string; message: string };

function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * 空号 (unassigned numbers) of the simulated carrier: a fixed slice of the number space, one
 * number in 64 by a hash of its digits. The demo generator gives these only to customers labelled
 * `empty_number` and never hands them out as a valid mobile, so the outbox recognises them from
 * the number alone, without the labels file.
 */
export function isEmptyNumber(mobile: string): boolean {
  const digits = mobile.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  if (!/^1\d{10}$/.test(digits)) return false;
  return (fnv(digits) & 63) === 17;
}

/** Digits of a Chinese mobile in any spelling (+86, spaces), or undefined. */
export function chinaMobileDigits(to: string): string | undefined {
  const digits = to.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

/**
 * Outcomes, per number: not a mobile → rejected (21211, as Twilio); 空号 (isEmptyNumber) →
 * undelivered 30005 (unknown handset); ~1.5% unreachable (30003, phone off) and ~0.5%
 * carrier rejections (30006); ~1% rate limited on the first attempt only (20429, transient);
 * the rest delivered after 0.2–1.2 s.
 */
export function simulateSend(to: string, attempt: number): SimulatedSend {
  const digits = chinaMobileDigits(to);
  if (!digits)
    return {
      kind: 'permanent',
      code: '21211',
      message: `The 'To' number ${to} is not a valid phone number.`,
    };
  const h = fnv(digits);
  const bucket = (h >>> 8) % 1000;
  if (bucket < 10 && attempt <= 1) return { kind: 'transient', code: '20429', message: 'Too Many Requests' };
  const delayMs = 200 + (h % 1000);
  if (isEmptyNumber(digits)) return { kind: 'accepted', outcome: 'undelivered', errorCode: '30005', delayMs };
  if (bucket >= 10 && bucket < 25)
    return { kind: 'accepted', outcome: 'undelivered', errorCode: '30003', delayMs };
  if (bucket >= 25 && bucket < 30)
    return { kind: 'accepted', outcome: 'failed', errorCode: '30006', delayMs };
  return { kind: 'accepted', outcome: 'delivered', errorCode: null, delayMs };
}
