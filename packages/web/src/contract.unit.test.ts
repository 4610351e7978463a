// The web takes the API's shapes from @qingyuan/contract, never from a hand copy that drifts the
// day the API changes. A source scan, pragmatic on purpose: in features/*/api no interface, no
// `type X = { … }` and no string-literal union (a copied enum) unless listed below with its reason;
// nowhere a union or list of the API's error codes; and only zod-free contract modules imported
// for values, so zod stays out of the bundle.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES } from '@qingyuan/contract/errors';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('.', import.meta.url));
const CONTRACT_SRC = fileURLToPath(new URL('../../contract/src/', import.meta.url));

/** Types in features/*\/api that are the page's own, not a copy of a wire shape. */
const UI_ONLY: Record<string, string> = {
  'features/rule-sets/api/rule-sets-api.ts RuleView':
    "the page's defensive reading of one rule inside the stored document, which is free-form JSON on the wire",
  'features/rule-sets/api/rule-set-problems.ts ProblemText':
    'an i18n key and its values, made by the page from a problem message',
};

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(path, keep);
    return keep(path) ? [path] : [];
  });
}

const rel = (path: string) => relative(SRC, path).split('\\').join('/');
const isSource = (path: string) => /\.tsx?$/.test(path) && !/\.test\.tsx?$/.test(path);
const apiFiles = filesUnder(join(SRC, 'features'), (p) => /\/features\/[^/]+\/api\/[^/]+\.ts$/.test(p));
const webFiles = filesUnder(SRC, isSource);

/** Each `type Name = body;` in the source, the body read up to its `;` outside brackets. */
function typeDeclarations(source: string): { name: string; body: string }[] {
  const found: { name: string; body: string }[] = [];
  for (const match of source.matchAll(/^\s*(?:export\s+)?type\s+(\w+)\s*(?:<[^=]*>)?\s*=/gm)) {
    let depth = 0;
    let end = match.index + match[0].length;
    for (; end < source.length; end++) {
      const c = source[end]!;
      if ('{[('.includes(c)) depth++;
      else if ('}])'.includes(c)) depth--;
      else if (c === ';' && depth === 0) break;
    }
    found.push({ name: match[1]!, body: source.slice(match.index + match[0].length, end).trim() });
  }
  return found;
}

const STRING_UNION = /^\|?\s*'[^']*'(\s*\|\s*'[^']*')+$/;

/** Hand-written shapes in one features/*\/api file: interfaces, object types, copied enums. */
function handShapes(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (const m of source.matchAll(/^\s*(?:export\s+)?interface\s+(\w+)/gm))
    problems.push(`${rel(file)}: interface ${m[1]}`);
  for (const { name, body } of typeDeclarations(source)) {
    if (`${rel(file)} ${name}` in UI_ONLY) continue;
    if (body.includes('{'))
      problems.push(`${rel(file)}: type ${name} = ${body.replace(/\s+/g, ' ').slice(0, 50)}…`);
    else if (STRING_UNION.test(body)) problems.push(`${rel(file)}: type ${name} = ${body}`);
  }
  if (/apiRequest<\s*\{/.test(source))
    problems.push(`${rel(file)}: apiRequest<{ … }> (an inline response shape)`);
  return problems;
}

describe('the web takes the API shapes from @qingyuan/contract', () => {
  it('finds the API modules it scans', () => {
    expect(apiFiles.length).toBeGreaterThanOrEqual(10);
  });

  it('features/*/api declare no copy of a contract shape', () => {
    expect(apiFiles.flatMap(handShapes)).toEqual([]);
  });

  it('every features/*/api module that calls the API takes its types from the contract', () => {
    const missing = apiFiles.filter((file) => {
      const source = readFileSync(file, 'utf8');
      return /apiRequest|fetch\(/.test(source) && !source.includes("from '@qingyuan/contract/");
    });
    expect(missing.map(rel)).toEqual([]);
  });

  it('the UI-only exceptions still exist (a stale entry would hide nothing)', () => {
    for (const key of Object.keys(UI_ONLY)) {
      const [file, name] = key.split(' ') as [string, string];
      expect(readFileSync(join(SRC, file), 'utf8')).toMatch(new RegExp(`type ${name}\\b`));
    }
  });

  it('no file of the web declares its own union or list of the API error codes', () => {
    const code = `'(?:${ERROR_CODES.join('|')})'`;
    // two error codes side by side in a union (|) or a list (,) is a copy of the contract's
    const copy = new RegExp(`${code}\\s*[|,]\\s*${code}`);
    const copies = webFiles.filter((file) => copy.test(readFileSync(file, 'utf8').replace(/\s+/g, ' ')));
    expect(copies.map(rel)).toEqual([]);
  });

  it('imports values only from the zod-free contract modules, so zod stays out of the bundle', () => {
    const zodFree = /^@qingyuan\/contract\/(errors|labels|[\w-]+-values)$/;
    const valueImports = webFiles.flatMap((file) =>
      [
        ...readFileSync(file, 'utf8').matchAll(
          /^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(@qingyuan\/contract\/[^']+)'/gm,
        ),
      ]
        .map((m) => m[1]!)
        .filter((spec) => !zodFree.test(spec))
        .map((spec) => `${rel(file)}: ${spec}`),
    );
    expect(valueImports).toEqual([]);
  });

  it('the zod-free contract modules import nothing but each other', () => {
    const modules = filesUnder(CONTRACT_SRC, (p) => /(\/errors|\/labels|-values)\.ts$/.test(p));
    expect(modules.length).toBeGreaterThanOrEqual(4);
    const imports = modules.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from\s+'([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => !/^\.\/(errors|labels|[\w-]+-values)\.ts$/.test(spec))
        .map((spec) => `${relative(CONTRACT_SRC, file)}: ${spec}`),
    );
    expect(imports).toEqual([]);
  });
});
