// All sampling SMS of the region at a glance — the very figure the dashboard's KPI card shows
// (same endpoint, same formatting), so the two pages cannot tell different stories.
import { useTranslation } from 'react-i18next';
import { formatNumber, formatRate } from '../../../lib/format.ts';
import { useSmsOverview } from '../hooks/use-sms.ts';

export function SmsOverview({ planCount }: { planCount: number }) {
  const { t, i18n } = useTranslation();
  const overview = useSmsOverview();
  const k = overview.data;
  if (!k) return null;
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <section className="card" data-testid="sms-overview">
      <div className="card__content">
        <div className="stat">
          <div className="stat__value" data-testid="sms-overview-rate">
            {formatRate(k.smsSuccessRate)}
          </div>
          <div className="stat__label">
            {k.smsInterval
              ? t('sms.overview.withCi', {
                  n: n(k.smsFinished),
                  lo: formatRate(k.smsInterval[0]),
                  hi: formatRate(k.smsInterval[1]),
                })
              : t('sms.overview.sample', { n: n(k.smsFinished) })}
            {k.smsSimulated > 0 ? ` · ${t('sms.overview.simulated', { n: n(k.smsSimulated) })}` : ''}
          </div>
        </div>
        {k.smsFinished > 0 && planCount === 0 ? (
          <p className="muted small" data-testid="sms-overview-noplan">
            {t('sms.overview.withoutPlan')}
          </p>
        ) : null}
      </div>
    </section>
  );
}
