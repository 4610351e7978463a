import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import type { Trend } from '../api/monitoring-api.ts';

/** A unit's quality score over the weeks (line) with the defects found and fixed (bars). */
export function QualityTrendChart({ trend }: { trend: Trend }) {
  const { t } = useTranslation();
  if (trend.items.length === 0) return <p className="muted">{t('monitoring.noWeek')}</p>;
  return (
    <div className="chart" role="img" aria-label={t('monitoring.trendTitle', { unit: trend.name })}>
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart
          data={trend.items.map((i) => ({ ...i, qualityScore: i.score }))}
          margin={{ top: 8, right: 16, bottom: 4, left: 0 }}
        >
          <CartesianGrid stroke="#e1e6ea" />
          <XAxis dataKey="week" tick={{ fontSize: 12 }} />
          <YAxis yAxisId="pct" domain={[0, 100]} tick={{ fontSize: 12 }} />
          <YAxis yAxisId="count" orientation="right" allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip />
          <Legend />
          <Bar yAxisId="count" dataKey="newDefects" name={t('monitoring.col.new')} fill="#c8372d" />
          <Bar yAxisId="count" dataKey="fixedDefects" name={t('monitoring.col.fixed')} fill="#3f8f5a" />
          <Line
            yAxisId="pct"
            dataKey="qualityScore"
            name={t('monitoring.col.qualityScore')}
            stroke="#0b6e6e"
            strokeWidth={2}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
