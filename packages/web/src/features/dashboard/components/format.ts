export const pct = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '—' : `${v.toFixed(digits)}%`;
// one formatting layer: the SMS page shows the same rate through the same function
export { formatRate as rate } from '../../../lib/format.ts';
export const signedPct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
export const score = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));
