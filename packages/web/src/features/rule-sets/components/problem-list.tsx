import { useTranslation } from 'react-i18next';
import { problemText, splitPath, type Problem } from '../api/rule-set-problems.ts';

/** Every problem the server found in a document, one line each, in the user's language. */
export function ProblemList({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();

  function where(problem: Problem): string {
    const { index, rest } = splitPath(problem.path);
    const parts: string[] = [];
    if (index !== null) {
      parts.push(
        problem.ruleId
          ? t('ruleSets.problems.ruleAt', { id: problem.ruleId, n: index + 1 })
          : t('ruleSets.problems.ruleN', { n: index + 1 }),
      );
    } else if (problem.path === '(document)' || problem.path === '') {
      parts.push(t('ruleSets.problems.document'));
    }
    for (const segment of rest) {
      if (segment === '(document)') continue;
      parts.push(t(`ruleSets.problems.paths.${segment}`, { defaultValue: segment }));
    }
    return parts.join(' · ');
  }

  function what(problem: Problem): string {
    const text = problemText(problem.message);
    if (text.key === null) return t('ruleSets.problems.raw', { message: text.raw });
    return t(`ruleSets.problems.messages.${text.key}`, text.values);
  }

  return (
    <div className="alert alert--error problem-list" role="alert" data-testid="problems">
      <strong>{t('ruleSets.problems.title', { count: problems.length })}</strong>
      <ol>
        {problems.map((problem, i) => (
          <li key={`${problem.path}-${i}`} title={problem.message}>
            <span className="problem-list__where">{where(problem)}</span>
            <span>{what(problem)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
