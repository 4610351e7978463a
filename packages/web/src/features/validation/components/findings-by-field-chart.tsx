import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';

const COLORS = ['#0b6e6e', '#1f6fb2', '#b26a00', '#7a4fb5', '#c8372d', '#3f8f5a', '#5b6b7a'];

/** Findings per customer field, largest first. */
export function FindingsByFieldChart({ byField }: { byField: { field: string; findings: number }[] }) {
  const { t, i18n } = useTranslation();
  const data = byField.map((row) => ({
    label: t(`fieldNames.${row.field}`, { defaultValue: row.field }),
    findings: row.findings,
  }));
  return (
    <div
      className="chart"
      data-testid="field-chart"
      role="img"
      aria-label={t('validation.summary.chartTitle')}
    >
      <ResponsiveContainer width="100%" height={Math.max(160, data.length * 34 + 30)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e1e6ea" />
          <XAxis
            type="number"
            allowDecimals={false}
            tick={{ fontSize: 12, fill: '#52606d' }}
            tickFormatter={(value: number) => formatNumber(value, i18n.language)}
          />
          <YAxis type="category" dataKey="label" width={76} tick={{ fontSize: 13, fill: '#1f2a33' }} />
          <Tooltip
            cursor={{ fill: 'rgba(11, 110, 110, 0.06)' }}
            formatter={(value) => [
              formatNumber(Number(value), i18n.language),
              t('validation.summary.findings'),
            ]}
          />
          <Bar dataKey="findings" barSize={18} radius={[0, 4, 4, 0]} isAnimationActive={false}>
            {data.map((row, index) => (
              <Cell key={row.label} fill={COLORS[index % COLORS.length]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
