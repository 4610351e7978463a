// The round trip on the dashboard: open conflicts (and the oldest one's age) and the share of
// corrections written back to the marketing system — two cards for the view, one row per city.
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { RoundTrip } from '../api/dashboard-api.ts';
import { pct } from './format.ts';

export function RoundTripPanel({ data }: { data: RoundTrip }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const open = data.items.reduce((a, c) => a + c.openConflicts, 0);
  const ages = data.items.map((c) => c.oldestDays).filter((d): d is number => d !== null);
  const corrections = data.items.reduce((a, c) => a + c.corrections, 0);
  const back = data.items.reduce((a, c) => a + c.writtenBack, 0);
  const share = corrections === 0 ? null : Math.round((back / corrections) * 1000) / 10;
  return (
    <>
      <div className="stats dash-kpis">
        <div className="stat" data-testid="kpi-conflicts">
          <div className="stat__value">{n(open)}</div>
          <div className="stat__label">{t('dashboard.roundTrip.open')}</div>
          <div className="stat__label muted">
            {ages.length > 0
              ? t('dashboard.roundTrip.oldest', { days: Math.max(...ages) })
              : t('dashboard.roundTrip.none')}
          </div>
        </div>
        <div className="stat" data-testid="kpi-written-back">
          <div className="stat__value">{pct(share, 1)}</div>
          <div className="stat__label">{t('dashboard.roundTrip.share')}</div>
          <div className="stat__label muted">
            {t('dashboard.roundTrip.ofCorrections', { back: n(back), corrections: n(corrections) })}
          </div>
        </div>
      </div>
      {/* a phone scrolls the table, never the page */}
      <div className="table-scroll">
        <table className="table" data-testid="round-trip-table">
          <thead>
            <tr>
              <th>{t('dashboard.roundTrip.city')}</th>
              <th className="num">{t('dashboard.roundTrip.open')}</th>
              <th className="num">{t('dashboard.roundTrip.oldestDays')}</th>
              <th className="num">{t('dashboard.roundTrip.corrections')}</th>
              <th className="num">{t('dashboard.roundTrip.writtenBack')}</th>
              <th className="num">{t('dashboard.roundTrip.share')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((c) => (
              <tr key={c.cityCode} data-city={c.cityCode}>
                <td>{c.name}</td>
                <td className="num" data-testid="open-conflicts">
                  {n(c.openConflicts)}
                </td>
                <td className="num" data-testid="oldest-days">
                  {c.oldestDays ?? '—'}
                </td>
                <td className="num">{n(c.corrections)}</td>
                <td className="num">{n(c.writtenBack)}</td>
                <td className="num" data-testid="written-back-pct">
                  {pct(c.writtenBackPct, 1)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
