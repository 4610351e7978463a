// One CSV line, guarded against formula injection: a cell starting with = + - @ (or a tab or
// carriage return) would run as a formula once opened in a spreadsheet, so it gets a leading
// quote and stays text. A user name or a route note is typed by people: never trust it.
export const csvCell = (v: string | number | null | undefined) => {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export const csvLine = (cells: readonly (string | number | null | undefined)[]) =>
  cells.map(csvCell).join(',') + '\n';
