import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { formatDateTime, formatNumber } from '../../../lib/format.ts';
import { useSession } from '../../../lib/session.tsx';
import type { SmsPlan } from '../api/sms-api.ts';
import { usePlanStats, useSmsPlans, useSmsTemplate } from '../hooks/use-sms.ts';
import { DeliveryChart } from './delivery-chart.tsx';
import { DeliveryTable } from './delivery-table.tsx';
import { PlanForm } from './plan-form.tsx';
import { ReplyQueue } from './reply-queue.tsx';
import { SendPanel } from './send-panel.tsx';
import { SmsOverview } from './sms-overview.tsx';
import '../sms.css';

/** 短信校验: draw an SMS sample, send it, and watch it being delivered, city by city. */
export function SmsPage() {
  const { session } = useSession();
  // a city team sees its customers' replies only; sending plans is the coordinator's
  if (session.user?.role === 'city_member') return <CityReplyPage />;
  return <CoordinatorSmsPage />;
}

function CityReplyPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('sms.title')} subtitle={t('sms.replies.title')} />
      <ReplyQueue />
    </div>
  );
}

function CoordinatorSmsPage() {
  const { t, i18n } = useTranslation();
  const plans = useSmsPlans();
  const template = useSmsTemplate();
  const [selectedId, setSelectedId] = useState<number | undefined>();
  const items = plans.data?.items ?? [];
  const selected = items.find((p) => p.id === selectedId) ?? items[0];
  const stats = usePlanStats(selected?.id);
  const n = (v: number) => formatNumber(v, i18n.language);

  function onCreated(plan: SmsPlan) {
    setSelectedId(plan.id);
    plans.reload();
  }

  function plansList() {
    if (plans.error && !plans.data) return <ErrorPanel error={plans.error} onRetry={plans.reload} />;
    if (!plans.data) return <LoadingPanel />;
    if (items.length === 0)
      return <EmptyPanel title={t('sms.plans.empty')} hint={t('sms.plans.emptyHint')} />;
    return (
      <div className="table-scroll">
        <table className="table table--compact" data-testid="sms-plans">
          <thead>
            <tr>
              <th>{t('sms.plans.name')}</th>
              <th className="num">{t('sms.plans.members')}</th>
              <th>{t('sms.plans.rule')}</th>
              <th>{t('sms.plans.seed')}</th>
              <th>{t('sms.plans.created')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p) => (
              <tr
                key={p.id}
                className={p.id === selected?.id ? 'is-selected' : undefined}
                data-testid="sms-plan-row"
              >
                <td>
                  <button type="button" className="link-button" onClick={() => setSelectedId(p.id)}>
                    {p.name}
                  </button>
                </td>
                <td className="num">{n(p.members)}</td>
                <td className="nowrap">
                  {p.rate !== null
                    ? t('sms.plans.byRate', { rate: p.rate * 100 })
                    : t('sms.plans.bySize', { size: p.sizePerStratum })}{' '}
                  · {t(`sms.plan.by.${p.stratifyBy}`)}
                </td>
                <td className="mono small">{p.seed}</td>
                <td className="nowrap">{formatDateTime(p.createdAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  const s = stats.data;
  const total = s ? Math.max(s.total.total, 1) : 1;
  const done = s ? s.total.total - s.total.pending : 0;
  return (
    <div className="page">
      <PageHeader title={t('sms.title')} subtitle={t('sms.subtitle')} />
      <SmsOverview planCount={items.length} />
      <ReplyQueue />
      <section className="card">
        <h2 className="card__title">{t('sms.plan.title')}</h2>
        <div className="card__content">
          <PlanForm onCreated={onCreated} />
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('sms.plans.title')}</h2>
        <div className="card__body">{plansList()}</div>
      </section>
      {selected ? (
        <section className="card" data-testid="sms-plan-detail">
          <h2 className="card__title">
            {t('sms.detail.title', { name: selected.name, members: n(selected.members) })}
          </h2>
          <div className="card__content">
            {template.data ? (
              <SendPanel plan={selected} info={template.data} onSent={stats.reload} />
            ) : (
              <LoadingPanel />
            )}
            {s && s.total.total > 0 ? (
              <>
                <div className="run-progress" data-testid="sms-progress">
                  <div
                    className="run-progress__bar"
                    role="progressbar"
                    aria-valuemin={0}
                    aria-valuemax={100}
                    aria-valuenow={Math.round((done / total) * 100)}
                    aria-label={t('sms.detail.progress', { done: n(done), total: n(s.total.total) })}
                  >
                    <span className="run-progress__fill" style={{ width: `${(done / total) * 100}%` }} />
                  </div>
                  <div className="run-progress__meta">
                    <strong className="tabular">{Math.round((done / total) * 100)}%</strong>
                    <span className="tabular">
                      {t('sms.detail.progress', { done: n(done), total: n(s.total.total) })}
                    </span>
                    {s.total.pending > 0 ? <span className="muted">{t('sms.detail.live')}</span> : null}
                  </div>
                </div>
                <DeliveryChart cities={s.cities} />
                <DeliveryTable cities={s.cities} total={s.total} />
              </>
            ) : stats.error ? (
              <ErrorPanel error={stats.error} onRetry={stats.reload} />
            ) : (
              <p className="muted">{t('sms.detail.notSent')}</p>
            )}
          </div>
        </section>
      ) : null}
    </div>
  );
}
