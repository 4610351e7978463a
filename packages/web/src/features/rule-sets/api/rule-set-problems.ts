// The API refuses a rule-set document with `details.problems: [{ ruleId?, path, message }]`, the
// messages written in English by the rules engine and zod. Coordinators read Chinese: each known
// message shape is turned into an i18n key with its parts; anything else is shown as written.
import type { RuleSetProblem as Problem } from '@qingyuan/contract/rule-sets';
import { ApiError } from '../../../lib/api-client.ts';

export type { RuleSetProblem as Problem } from '@qingyuan/contract/rule-sets';
export type ProblemText = { key: string; values: Record<string, string> } | { key: null; raw: string };

export function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return null;
  const details = error.details as { problems?: unknown } | unknown[] | undefined;
  const list = Array.isArray(details) ? details : (details as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(list)) return null;
  return list.map((item) => {
    const p = (item ?? {}) as Record<string, unknown>;
    const problem: Problem = { path: String(p.path ?? ''), message: String(p.message ?? '') };
    if (typeof p.ruleId === 'string') problem.ruleId = p.ruleId;
    return problem;
  });
}

const PATTERNS: [RegExp, string, string[]][] = [
  [/^unknown check kind "(.+)"$/, 'unknownKind', ['kind']],
  [/^kind "(.+)" applies to (.+), not (.+)$/, 'wrongField', ['kind', 'allowed', 'field']],
  [/^kind "(.+)" has no issue code "(.+)"$/, 'unknownCode', ['kind', 'code']],
  [/^duplicate rule id "(.+)"$/, 'duplicateId', ['id']],
  [/^Invalid option: expected one of (.+)$/, 'invalidOption', ['options']],
  [/^Invalid input: expected (\w+), received undefined$/, 'required', ['expected']],
  [/^Invalid input: expected (\w+), received (\w+)$/, 'wrongType', ['expected', 'received']],
  [/^Unrecognized keys?: (.+)$/, 'unknownKeys', ['keys']],
  [/^Too small: expected string to have >=1 characters?$/, 'emptyText', []],
  [/^Too small: expected string to have >=(\d+) characters?$/, 'tooShort', ['min']],
  [/^Too small: expected array to have >=(\d+) items?$/, 'tooFewItems', ['min']],
  [/^Too small: expected number to be >=(\S+)$/, 'tooSmallNumber', ['min']],
  [/^Too big: expected number to be <=(\S+)$/, 'tooBigNumber', ['max']],
  [/^does not compile: (.+)$/, 'regexInvalid', ['detail']],
  [/catastrophic backtracking/, 'regexUnsafe', []],
  [/^give min, max or both$/, 'lengthBound', []],
  [/^min must not exceed max$/, 'lengthOrder', []],
  [/^letters, digits, "-", "_" or "\."/, 'badId', []],
  [/^a division-code prefix of 2–12 digits$/, 'badRegion', []],
];

export function problemText(message: string): ProblemText {
  for (const [pattern, key, names] of PATTERNS) {
    const match = pattern.exec(message);
    if (!match) continue;
    const values: Record<string, string> = {};
    names.forEach((name, i) => (values[name] = (match[i + 1] ?? '').replace(/"/g, '')));
    return { key, values };
  }
  return { key: null, raw: message };
}

/** 'rules.3.params.pattern' → { index: 3, rest: ['params', 'pattern'] }. */
export function splitPath(path: string): { index: number | null; rest: string[] } {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'rules' && parts[1] !== undefined && /^\d+$/.test(parts[1])) {
    return { index: Number(parts[1]), rest: parts.slice(2) };
  }
  return { index: null, rest: parts };
}
