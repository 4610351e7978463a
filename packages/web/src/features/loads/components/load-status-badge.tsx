import { useTranslation } from 'react-i18next';
import type { LoadStatus } from '../api/loads-api.ts';

const TONE: Record<LoadStatus, string> = {
  running: 'badge--info',
  completed: 'badge--success',
  failed: 'badge--danger',
};

export function LoadStatusBadge({ status }: { status: LoadStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${TONE[status]}`}>{t(`loads.status.${status}`)}</span>;
}
