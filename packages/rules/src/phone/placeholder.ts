// Placeholder numbers (PH-04): what clerks type when the customer gave no number. Pure digit
// arithmetic over the national number, no allocation, so it can run on the hot path.

/** The catalogue's list of known dummies (PH-04 a). */
export const DEFAULT_PLACEHOLDERS: readonly string[] = [
  '13800138000',
  '13800000000',
  '13900000000',
  '13000000000',
  '18888888888',
  '11111111111',
  '12345678901',
  '10000000000',
  '00000000000',
  '01234567890',
  '99999999999',
];

export type PlaceholderReason = 'known' | 'repdigit' | 'tail_same' | 'ascending_run' | 'descending_run';

export interface PlaceholderOptions {
  known: ReadonlySet<string>;
  /** Flag a number ending in this many identical digits (0 = off). */
  tailSameMin: number;
  /** Flag an ascending (…789012…, wrapping 9→0) run of this many digits (0 = off). */
  ascendingRunMin: number;
  /** Flag a descending run of this many digits (0 = off). */
  descendingRunMin: number;
}

/**
 * Why `digits` looks like a placeholder, or undefined. Example: placeholderReason('13988888888', opts) → 'tail_same'.
 * `digits` must be ASCII digits only (a national number, or a landline's local number).
 */
export function placeholderReason(digits: string, o: PlaceholderOptions): PlaceholderReason | undefined {
  if (o.known.has(digits)) return 'known';
  const n = digits.length;
  if (n === 0) return undefined;
  const last = digits.charCodeAt(n - 1);
  let tail = 1;
  while (tail < n && digits.charCodeAt(n - 1 - tail) === last) tail++;
  if (tail === n) return 'repdigit';
  if (o.tailSameMin > 0 && tail >= o.tailSameMin) return 'tail_same';
  let up = 1;
  let down = 1;
  let maxUp = 1;
  let maxDown = 1;
  for (let i = 1; i < n; i++) {
    const d = (digits.charCodeAt(i) - digits.charCodeAt(i - 1) + 10) % 10;
    up = d === 1 ? up + 1 : 1;
    down = d === 9 ? down + 1 : 1;
    if (up > maxUp) maxUp = up;
    if (down > maxDown) maxDown = down;
  }
  if (o.ascendingRunMin > 0 && maxUp >= o.ascendingRunMin) return 'ascending_run';
  if (o.descendingRunMin > 0 && maxDown >= o.descendingRunMin) return 'descending_run';
  return undefined;
}
