import { useTranslation } from 'react-i18next';
import type { RunStatus } from '../api/validation-api.ts';

const TONE: Record<RunStatus, string> = {
  queued: 'badge--muted',
  running: 'badge--info',
  completed: 'badge--success',
  failed: 'badge--danger',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${TONE[status]}`} data-testid="run-status" data-status={status}>
      {t(`validation.status.${status}`)}
    </span>
  );
}
