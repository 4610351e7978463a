import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useTranslation } from 'react-i18next';
import { formatCode, formatNumber } from '../../../lib/format.ts';
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

/** The first week whose phase differs from the week before and counts more customers: the drop a reader must not misread. */
function scopeChangeOf(trend: Trend) {
  for (let i = 1; i < trend.points.length; i++) {
    const before = trend.points[i - 1]!;
    const at = trend.points[i]!;
    if (at.phase && before.phase && at.phase !== before.phase && (at.inScope ?? 0) > (before.inScope ?? 0))
      return { week: at.periodKey, phase: at.phase, from: before.inScope ?? 0, to: at.inScope ?? 0 };
  }
  return null;
}

/**
 * Completion over the weeks per unit, against the target trajectory (dashed), with the week the
 * scope widened marked. With `limit`, only that many units are drawn at first (those furthest
 * behind in the latest week); the reader ticks others in.
 */
export function TrendChart({ trend, limit }: { trend: Trend; limit?: number }) {
  const { t, i18n } = useTranslation();
  const latest = trend.points[trend.points.length - 1];
  const byLag = useMemo(
    () =>
      [...trend.units].sort(
        (a, b) =>
          (latest?.values[a.code] ?? Infinity) - (latest?.values[b.code] ?? Infinity) ||
          a.code.localeCompare(b.code),
      ),
    [trend.units, latest],
  );
  const isLimited = limit !== undefined && trend.units.length > limit;
  const [shown, setShown] = useState<ReadonlySet<string>>(
    () => new Set((isLimited ? byLag.slice(0, limit) : trend.units).map((u) => u.code)),
  );
  const change = scopeChangeOf(trend);
  const data = trend.points.map((p) => ({
    week: p.periodKey,
    expected: p.expectedPct,
    total: p.completionPct,
    ...p.values,
  }));
  const n = (v: number) => formatNumber(v, i18n.language);
  const phaseName = change ? formatCode('phase', change.phase, i18n.language) : '';
  return (
    <div>
      {change ? (
        <p className="trend-note" data-testid="trend-scope-note">
          {t('dashboard.trend.scopeChange', {
            week: change.week,
            phase: phaseName,
            from: n(change.from),
            to: n(change.to),
          })}
        </p>
      ) : null}
      <div
        className="chart"
        data-testid="trend-chart"
        data-periods={data.map((d) => d.week).join(',')}
        role="img"
        aria-label={t('dashboard.trend.title')}
      >
        <ResponsiveContainer width="100%" height={300}>
          <LineChart data={data} margin={{ top: 18, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#e1e6ea" />
            <XAxis dataKey="week" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => `${Number(v).toFixed(2)}%`} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {change ? (
              <ReferenceLine
                x={change.week}
                stroke="#b26a00"
                strokeDasharray="3 3"
                label={{
                  value: t('dashboard.trend.scopeChangeShort', { phase: phaseName }),
                  position: 'insideTopLeft',
                  fontSize: 11,
                  fill: '#b26a00',
                }}
              />
            ) : null}
            {trend.units.map((u, i) =>
              shown.has(u.code) ? (
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
              ) : null,
            )}
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
      {isLimited ? (
        <details className="trend-pick no-print" data-testid="trend-pick">
          <summary>
            {t('dashboard.trend.pick', { shown: shown.size, total: trend.units.length })} ·{' '}
            <span className="muted">{t('dashboard.trend.pickHint', { n: limit })}</span>
          </summary>
          <div className="trend-pick__list">
            {byLag.map((u) => (
              <label key={u.code}>
                <input
                  type="checkbox"
                  value={u.code}
                  checked={shown.has(u.code)}
                  onChange={(e) => {
                    const next = new Set(shown);
                    if (e.target.checked) next.add(u.code);
                    else next.delete(u.code);
                    setShown(next);
                  }}
                />
                {u.name}
              </label>
            ))}
          </div>
        </details>
      ) : null}
    </div>
  );
}
