// Message templates: '号段{segment}未分配' split once into literal and placeholder parts.
// An unknown placeholder is left as written, so a typo shows instead of vanishing.

/** Alternating parts: even indexes are literals, odd indexes are placeholder names. */
export type Template = readonly string[];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

export function compileTemplate(text: string): Template {
  return text.split(PLACEHOLDER);
}

export function renderTemplate(
  t: Template,
  vars: Readonly<Record<string, string | number | undefined>>,
): string {
  if (t.length === 1) return t[0] ?? '';
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const part = t[i] ?? '';
    if (i % 2 === 0) out += part;
    else {
      const v = vars[part];
      out += v === undefined ? `{${part}}` : String(v);
    }
  }
  return out;
}
