// The cross-record checks' thresholds as the rules page shows and edits them (the document's
// `crossRecord`; the server checks it with the rule set's schema when a version is saved).
/** The cross-record checks' thresholds of a document, the library's defaults where it says none. */
export type CrossRecordView = {
  sharedMobile: { enabled: boolean; minHolders: number; errorHolders: number };
  certNameConflict: { enabled: boolean };
  likelyDuplicate: { enabled: boolean; maxGroupSize: number };
};

export function crossRecordOf(document: Record<string, unknown>): CrossRecordView {
  const part = (value: unknown) => (value ?? {}) as Record<string, unknown>;
  const cross = part(document.crossRecord);
  const [mobile, cert, dup] = [
    part(cross.sharedMobile),
    part(cross.certNameConflict),
    part(cross.likelyDuplicate),
  ];
  const count = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);
  return {
    sharedMobile: {
      enabled: mobile.enabled !== false,
      minHolders: count(mobile.minHolders, 5),
      errorHolders: count(mobile.errorHolders, 50),
    },
    certNameConflict: { enabled: cert.enabled !== false },
    likelyDuplicate: { enabled: dup.enabled !== false, maxGroupSize: count(dup.maxGroupSize, 50) },
  };
}
