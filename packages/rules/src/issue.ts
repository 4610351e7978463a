// Helpers over Issue shared by the check kinds.
import type { Issue, Severity } from './types.ts';

const RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/**
 * The more severe of two issues (no severity = error); the first one on a tie.
 * @example worse({ code: 'a', severity: 'info' }, { code: 'b', severity: 'warning' }).code // 'b'
 */
export function worse(best: Issue | undefined, issue: Issue): Issue {
  return !best || RANK[issue.severity ?? 'error'] > RANK[best.severity ?? 'error'] ? issue : best;
}
