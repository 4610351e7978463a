export const pct = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '—' : `${v.toFixed(digits)}%`;
export const rate = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
export const signedPct = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`;
export const score = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));
