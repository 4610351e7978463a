import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { DeliveryRow } from '../api/sms-api.ts';

const pct = (v: number | null, language: string) =>
  v === null
    ? '—'
    : new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN', {
        style: 'percent',
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(v);

/** Counts per city and the total, with the success rate and its 95% Wilson interval. */
export function DeliveryTable({ cities, total }: { cities: DeliveryRow[]; total: DeliveryRow }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const row = (r: DeliveryRow, isTotal = false) => (
    <tr
      key={r.code}
      data-testid="sms-city-row"
      data-city={r.name}
      className={isTotal ? 'table__total' : undefined}
    >
      <td className="nowrap">
        {isTotal ? <strong>{r.name}</strong> : r.name}
        {r.simulated > 0 ? (
          <span
            className="badge badge--warning"
            data-testid="sms-simulated"
            title={t('sms.stats.simulatedHint')}
          >
            {t('sms.stats.simulated', { n: n(r.simulated) })}
          </span>
        ) : null}
      </td>
      <td className="num">{n(r.total)}</td>
      <td className="num">{n(r.sent)}</td>
      <td className="num">{n(r.delivered)}</td>
      <td className={`num${r.failed > 0 ? ' text-danger' : ''}`}>{n(r.failed)}</td>
      <td className="num">{n(r.pending)}</td>
      <td className="num">
        {n(r.replied1)} / {n(r.replied2)}
      </td>
      <td className="num tabular">{pct(r.successRate, i18n.language)}</td>
      <td className="num tabular nowrap">
        {r.low === null ? '—' : `${pct(r.low, i18n.language)} – ${pct(r.high, i18n.language)}`}
      </td>
    </tr>
  );
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="sms-delivery-table">
        <thead>
          <tr>
            <th>{t('sms.stats.city')}</th>
            <th className="num">{t('sms.stats.total')}</th>
            <th className="num">{t('sms.stats.sent')}</th>
            <th className="num">{t('sms.stats.delivered')}</th>
            <th className="num">{t('sms.stats.failed')}</th>
            <th className="num">{t('sms.stats.pending')}</th>
            <th className="num">{t('sms.stats.replies')}</th>
            <th className="num">{t('sms.stats.rate')}</th>
            <th className="num">{t('sms.stats.interval')}</th>
          </tr>
        </thead>
        <tbody>
          {cities.map((c) => row(c))}
          {row(total, true)}
        </tbody>
      </table>
      <p className="field__hint">{t('sms.stats.rateHint')}</p>
    </div>
  );
}
