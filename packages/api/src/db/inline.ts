// COPY (query) TO STDOUT takes no bind parameters: the query's $n placeholders are replaced by
// literals here. Only outside quoted text and identifiers; numbers must be finite, strings are
// written as E'…' with quotes and backslashes escaped (right whatever standard_conforming_strings
// says), and any other value is refused rather than guessed at.
export function inlineParameters(text: string, parameters: readonly unknown[]): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      // a quoted literal or identifier, with its doubled quotes, copied as it is
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new Error('unterminated quote in a query to inline');
        if (text[j] === c) {
          if (text[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > parameters.length) throw new Error(`no parameter $${n} to inline`);
      out += literal(parameters[n - 1]);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function literal(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot inline ${value}`);
    return String(value);
  }
  if (typeof value === 'string') {
    if (value.includes('\0')) throw new Error('cannot inline a string with a NUL character');
    return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  throw new Error(`cannot inline a ${typeof value} parameter`);
}
