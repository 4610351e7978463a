import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { Kpis } from '../api/dashboard-api.ts';
import { pct, rate } from './format.ts';
import { StatusDot } from './status-dot.tsx';

export function KpiCards({ kpis }: { kpis: Kpis }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const cards: { key: string; value: string; hint?: string; extra?: React.ReactNode }[] = [
    { key: 'customers', value: n(kpis.customers) },
    {
      key: 'verified',
      value: n(kpis.verified),
      hint: t('dashboard.kpi.ofScopeField', {
        scope: n(kpis.inScope),
        inField: n(kpis.inField),
        unreachable: n(kpis.unreachable),
      }),
      // the 导入系统 step: corrections not yet back in the marketing system
      extra:
        kpis.awaitingWriteBack > 0 ? (
          <span className="badge badge--muted" data-testid="awaiting-write-back">
            {t(
              kpis.countsCorrectionsInQingyuan ? 'dashboard.kpi.awaitingCounted' : 'dashboard.kpi.awaiting',
              {
                n: n(kpis.awaitingWriteBack),
              },
            )}
          </span>
        ) : undefined,
    },
    {
      key: 'completion',
      value: pct(kpis.completionPct),
      hint:
        kpis.expectedPct === null ? undefined : t('dashboard.kpi.expected', { pct: pct(kpis.expectedPct) }),
      extra: <StatusDot status={kpis.status} />,
    },
    {
      key: 'sms',
      value: rate(kpis.smsSuccessRate),
      hint: kpis.smsInterval
        ? t('dashboard.kpi.sampleCi', {
            n: n(kpis.smsFinished),
            lo: rate(kpis.smsInterval[0]),
            hi: rate(kpis.smsInterval[1]),
          })
        : t('dashboard.kpi.sample', { n: n(kpis.smsFinished) }),
      extra:
        kpis.smsSimulated > 0 ? (
          <span className="badge badge--warning" data-testid="sms-simulated">
            {t('dashboard.kpi.simulated', { n: n(kpis.smsSimulated) })}
          </span>
        ) : undefined,
    },
    {
      key: 'calls',
      value: rate(kpis.callErrorRate),
      hint: kpis.callErrorRate === null ? t('dashboard.kpi.noData') : undefined,
    },
    { key: 'openErrors', value: n(kpis.openErrors) },
  ];
  return (
    <div className="stats dash-kpis">
      {cards.map((c) => (
        <div className="stat" key={c.key} data-testid={`kpi-${c.key}`}>
          <div className="stat__value">
            {c.value} {c.extra}
          </div>
          <div className="stat__label">{t(`dashboard.kpi.${c.key}`)}</div>
          {c.hint ? <div className="stat__label muted">{c.hint}</div> : null}
        </div>
      ))}
    </div>
  );
}
