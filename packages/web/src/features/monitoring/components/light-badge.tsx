import { useTranslation } from 'react-i18next';
type Lamp = 'green' | 'yellow' | 'red' | null;

export function LightBadge({ light: value }: { light: Lamp }) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">—</span>;
  return (
    <span className={`qlight qlight--${value}`} data-light={value}>
      <span className="qlight__dot" aria-hidden="true" />
      {t(`monitoring.lamp.${value}`)}
    </span>
  );
}

export const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
export const signed = (n: number | null) => (n === null ? '' : `${n >= 0 ? '+' : ''}${n.toFixed(2)}`);
