// China mobile number-segment table (catalogue §1.1, rule PH-03). The segment tells the *class* of a
// number (can it receive voice and SMS?), never the current operator: number portability is live.
// The table is data so a coordinator can add a segment the day MIIT opens it, without waiting for
// libphonenumber's metadata (which has lagged months behind for 171, 173, 175, 192, 198 and 1610).
import { z } from 'zod';

export const SEGMENT_CLASSES = [
  'MOBILE',
  'MVNO',
  'DATA_CARD',
  'SATELLITE',
  'EMERGENCY',
  'UNALLOCATED',
] as const;
/** Class of an 11-digit number starting with 1, e.g. 'MVNO' for 17012345678. */
export type SegmentClass = (typeof SEGMENT_CLASSES)[number];

/**
 * One row of the segment table: a class and the prefixes it covers. A prefix is 2–6 digits starting
 * with 1, or a same-length range `a-b`. Longest prefix wins. Example: `{ class: 'EMERGENCY', prefixes: ['17406-17412'] }`.
 */
export const SegmentRowSchema = z.object({
  class: z.enum(SEGMENT_CLASSES),
  prefixes: z
    .array(z.string().regex(/^1\d{1,5}(-1\d{1,5})?$/, 'prefix: 2–6 digits starting with 1, or a range a-b'))
    .min(1),
  note: z.string().optional(),
});
export type SegmentRow = z.infer<typeof SegmentRowSchema>;

/** The built-in table (catalogue §1.1, MIIT numbering plan 2017 + 2019 issues + Broadnet 1610). */
export const DEFAULT_SEGMENTS: readonly SegmentRow[] = [
  {
    class: 'MOBILE',
    prefixes: [
      '130-139',
      '150-153',
      '155-159',
      '166',
      '172',
      '173',
      '175-178',
      '180-189',
      '190-193',
      '195-199',
      '1610',
    ],
    note: 'basic operators; 192 and 1610 are China Broadnet',
  },
  { class: 'MVNO', prefixes: ['162', '165', '167', '170', '171'], note: '虚拟运营商: higher 空号 rate' },
  { class: 'DATA_CARD', prefixes: ['145', '147', '149'], note: '上网卡: 145 has no voice' },
  { class: 'SATELLITE', prefixes: ['1349', '17400-17405', '1749'], note: 'Tiantong and maritime satellite' },
  {
    class: 'EMERGENCY',
    prefixes: ['17406-17412'],
    note: 'MIIT emergency communications, not a customer number',
  },
];

/** Prefixes of 13-digit IoT (物联网) numbers: data only, cannot receive SMS from us. */
export const DEFAULT_IOT_PREFIXES: readonly string[] = ['1440', '1441', '148', '146', '1410', '1064'];

const CLASS_CODE: Record<SegmentClass, number> = {
  UNALLOCATED: 0,
  MOBILE: 1,
  MVNO: 2,
  DATA_CARD: 3,
  SATELLITE: 4,
  EMERGENCY: 5,
};
/** Class of each code stored in SegmentLookup.codes. */
export const SEGMENT_CLASS_BY_CODE: readonly SegmentClass[] = [
  'UNALLOCATED',
  'MOBILE',
  'MVNO',
  'DATA_CARD',
  'SATELLITE',
  'EMERGENCY',
];

/** A compiled table: digits 2–6 of the number index one byte (100 kB), so a lookup is one array read. */
export interface SegmentLookup {
  /** Class code per segmentIndex(); decode with SEGMENT_CLASS_BY_CODE. */
  codes: Uint8Array;
  classOf(national11: string): SegmentClass;
  /** The matched prefix, for messages ('149'). */
  segmentOf(national11: string): string;
}

function expand(prefix: string): string[] {
  const [from, to] = prefix.split('-');
  if (from === undefined) return [];
  if (to === undefined) return [from];
  if (to.length !== from.length) throw new Error(`segment range ${prefix}: both ends need the same length`);
  const out: string[] = [];
  for (let n = Number(from); n <= Number(to); n++) out.push(String(n));
  return out;
}

/** Compile a segment table (later rows win over earlier rows of the same prefix length). */
export function compileSegments(rows: readonly SegmentRow[]): SegmentLookup {
  const table = new Uint8Array(100_000);
  const prefixLen = new Uint8Array(100_000);
  const flat: { prefix: string; code: number }[] = [];
  for (const row of rows)
    for (const p of row.prefixes)
      for (const prefix of expand(p)) flat.push({ prefix, code: CLASS_CODE[row.class] });
  flat.sort((a, b) => a.prefix.length - b.prefix.length); // stable: shorter first, longer overwrite
  for (const { prefix, code } of flat) {
    const rest = prefix.slice(1); // drop the leading '1'
    const width = 5 - rest.length;
    const start = Number(rest.padEnd(5, '0'));
    const end = start + 10 ** width;
    table.fill(code, start, end);
    prefixLen.fill(prefix.length, start, end);
  }
  const index = segmentIndex;
  return {
    codes: table,
    classOf: (n) => SEGMENT_CLASS_BY_CODE[table[index(n)] ?? 0] ?? 'UNALLOCATED',
    segmentOf: (n) => n.slice(0, prefixLen[index(n)] || 3),
  };
}

/** Fast index for the hot path: digits 2–6 of an 11-char ASCII string without allocating. */
export function segmentIndex(s: string): number {
  return (
    (s.charCodeAt(1) - 48) * 10000 +
    (s.charCodeAt(2) - 48) * 1000 +
    (s.charCodeAt(3) - 48) * 100 +
    (s.charCodeAt(4) - 48) * 10 +
    (s.charCodeAt(5) - 48)
  );
}
