import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { Trend } from '../api/dashboard-api.ts';

const COLORS = [
  '#0b6e6e',
  '#1f6fb2',
  '#b26a00',
  '#7a4fb5',
  '#c8372d',
  '#3f8f5a',
  '#5b6b7a',
  '#a23b72',
  '#2f4858',
  '#86bbd8',
  '#f26419',
  '#33658a',
  '#55dde0',
  '#758e4f',
  '#f6ae2d',
  '#6b2737',
];

/** Completion over the weeks per unit, against the target trajectory (dashed). */
export function TrendChart({ trend }: { trend: Trend }) {
  const { t } = useTranslation();
  const data = trend.points.map((p) => ({
    week: p.periodKey,
    expected: p.expectedPct,
    total: p.completionPct,
    ...p.values,
  }));
  return (
    <div
      className="chart"
      data-testid="trend-chart"
      data-periods={data.map((d) => d.week).join(',')}
      role="img"
      aria-label={t('dashboard.trend.title')}
    >
      <ResponsiveContainer width="100%" height={300}>
        <LineChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
          <CartesianGrid stroke="#e1e6ea" />
          <XAxis dataKey="week" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {trend.units.map((u, i) => (
            <Line
              key={u.code}
              type="monotone"
              dataKey={u.code}
              name={u.name}
              stroke={COLORS[i % COLORS.length]}
              dot={false}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          ))}
          <Line
            type="monotone"
            dataKey="total"
            name={t('dashboard.trend.total')}
            stroke="#1f2a33"
            strokeWidth={3}
            dot
            isAnimationActive={false}
          />
          <Line
            type="linear"
            dataKey="expected"
            name={t('dashboard.trend.expected')}
            stroke="#c8372d"
            strokeDasharray="6 4"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
