import { useTranslation } from 'react-i18next';
import type { CallPlan } from '../api/calls-api.ts';

/** The call plans as the options of a select: name and how far the calls have got. */
export function CallPlanOptions({ plans }: { plans: readonly CallPlan[] }) {
  const { t } = useTranslation();
  return plans.map((p) => (
    <option key={p.id} value={p.id}>
      {p.name} · {t('calls.report.progress', { done: p.done, total: p.total })}
    </option>
  ));
}
