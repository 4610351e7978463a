import { useTranslation } from 'react-i18next';
import type { UnitFigures } from '../api/monitoring-api.ts';

export function LightBadge({ light }: { light: UnitFigures['light'] }) {
  const { t } = useTranslation();
  if (!light) return <span className="muted">—</span>;
  return (
    <span className={`qlight qlight--${light}`} data-light={light}>
      <span className="qlight__dot" aria-hidden="true" />
      {t(`monitoring.light.${light}`)}
    </span>
  );
}

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
export const signed = (n: number | null) => (n === null ? '' : `${n >= 0 ? '+' : ''}${n.toFixed(2)}`);
