import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { DeliveryRow } from '../api/sms-api.ts';

/** Per city company: delivered, failed and still pending, stacked. */
export function DeliveryChart({ cities }: { cities: DeliveryRow[] }) {
  const { t, i18n } = useTranslation();
  const data = cities.map((c) => ({
    name: c.name.replace(/供电(局|公司)$/, ''),
    delivered: c.delivered,
    failed: c.failed,
    pending: c.pending,
  }));
  return (
    <div className="chart" data-testid="sms-delivery-chart" role="img" aria-label={t('sms.stats.chart')}>
      <ResponsiveContainer width="100%" height={Math.max(180, data.length * 30 + 60)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 8 }}>
          <CartesianGrid horizontal={false} stroke="#e1e6ea" />
          <XAxis
            type="number"
            allowDecimals={false}
            tick={{ fontSize: 12, fill: '#52606d' }}
            tickFormatter={(v: number) => formatNumber(v, i18n.language)}
          />
          <YAxis type="category" dataKey="name" width={80} tick={{ fontSize: 13, fill: '#1f2a33' }} />
          <Tooltip
            formatter={(value, key) => [
              formatNumber(Number(value), i18n.language),
              t(`sms.stats.${String(key)}`),
            ]}
          />
          <Legend formatter={(key) => t(`sms.stats.${String(key)}`)} />
          <Bar dataKey="delivered" stackId="s" fill="#3f8f5a" isAnimationActive={false} />
          <Bar dataKey="failed" stackId="s" fill="#c8372d" isAnimationActive={false} />
          <Bar dataKey="pending" stackId="s" fill="#b7c2cc" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
