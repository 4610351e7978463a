import { useTranslation } from 'react-i18next';
import type { TrafficLight } from '../api/dashboard-api.ts';

export function StatusDot({ status }: { status: TrafficLight | null }) {
  const { t } = useTranslation();
  if (!status) return <span className="muted">—</span>;
  return (
    <span className={`light light--${status}`} data-status={status} title={t(`dashboard.status.${status}`)}>
      <span className="light__dot" aria-hidden="true" />
      {t(`dashboard.status.${status}`)}
    </span>
  );
}

export function RankChange({ value }: { value: number | null }) {
  if (value === null || value === 0) return <span className="muted">—</span>;
  return value > 0 ? (
    <span className="text-success">↑{value}</span>
  ) : (
    <span className="text-danger">↓{-value}</span>
  );
}
