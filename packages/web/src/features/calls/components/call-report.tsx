// The coordinator's call results: per city and field, checked / wrong and the error rate with its
// 95 % interval (the shape of the pilot's table: 5,400 calls, phone 197 wrong, address 89).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { formatNumber } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { CALL_FIELDS, getCallReport, listCallPlans, type Rate, type ReportRow } from '../api/calls-api.ts';
import { CallPlanOptions } from './call-plan-options.tsx';

const COLUMNS = [...CALL_FIELDS, 'anyField'] as const;
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

function RateCell({ rate, language }: { rate: Rate; language: string }) {
  const { t } = useTranslation();
  if (rate.checked === 0) return <td className="num call-rate call-rate--none">{t('common.dash')}</td>;
  return (
    <td className="num call-rate" title={t('calls.report.intervalTitle')}>
      <div>
        <span className={rate.wrong > 0 ? 'text-danger' : ''}>{formatNumber(rate.wrong, language)}</span>
        {' / '}
        {formatNumber(rate.checked, language)}
      </div>
      <div className="call-rate__pct">
        {pct(rate.rate ?? 0)}{' '}
        <span className="call-rate__ci">
          [{pct(rate.low)}, {pct(rate.high)}]
        </span>
      </div>
    </td>
  );
}

function Row({
  row,
  label,
  language,
  isTotal,
}: {
  row: ReportRow;
  label: string;
  language: string;
  isTotal?: boolean;
}) {
  return (
    <tr
      data-testid={isTotal ? 'call-report-total' : 'call-report-row'}
      data-city={row.cityCode}
      className={isTotal ? 'is-total' : ''}
    >
      <td className="cell-strong">{label}</td>
      <td className="num">{formatNumber(row.sampled, language)}</td>
      <td className="num">{formatNumber(row.called, language)}</td>
      <td className="num">{formatNumber(row.answered, language)}</td>
      <td className="num">{formatNumber(row.noAnswer + row.refused, language)}</td>
      <td className="num">{formatNumber(row.emptyNumber, language)}</td>
      <td className="num">{formatNumber(row.wrongPerson, language)}</td>
      {COLUMNS.map((c) => (
        <RateCell key={c} rate={c === 'anyField' ? row.anyField : row.fields[c]} language={language} />
      ))}
    </tr>
  );
}

export function CallReportPage() {
  const { t, i18n } = useTranslation();
  const [planId, setPlanId] = useState<string | undefined>(undefined);
  const plans = useApiQuery((signal) => listCallPlans(signal), []);
  const report = useApiQuery((signal) => getCallReport(planId, signal), [planId]);
  const data = report.data;

  function body() {
    if (report.error && !data) return <ErrorPanel error={report.error} onRetry={report.reload} />;
    if (!data) return <LoadingPanel />;
    if (!data.plan)
      return <EmptyPanel title={t('calls.report.noPlan')} hint={t('calls.report.noPlanHint')} />;
    return (
      <div className="table-scroll">
        <table className="table table--compact call-report" data-testid="call-report">
          <thead>
            <tr>
              <th>{t('calls.report.city')}</th>
              <th className="num">{t('calls.report.sampled')}</th>
              <th className="num">{t('calls.report.called')}</th>
              <th className="num">{t('calls.report.answered')}</th>
              <th className="num">{t('calls.report.unanswered')}</th>
              <th className="num">{t('calls.results.empty_number')}</th>
              <th className="num">{t('calls.results.wrong_person')}</th>
              {COLUMNS.map((c) => (
                <th key={c} className="num">
                  {c === 'anyField' ? t('calls.report.anyField') : t(`calls.fields.${c}`)}
                  <div className="call-report__sub">{t('calls.report.wrongOfChecked')}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.cities.map((row) => (
              <Row key={row.cityCode} row={row} label={row.cityName} language={i18n.language} />
            ))}
            {data.total && data.cities.length > 1 ? (
              <Row row={data.total} label={t('calls.report.total')} language={i18n.language} isTotal />
            ) : null}
          </tbody>
        </table>
        <p className="call-report__note">{t('calls.report.note')}</p>
      </div>
    );
  }

  const items = plans.data?.items ?? [];
  return (
    <div className="page">
      <PageHeader title={t('calls.report.title')} subtitle={t('calls.report.subtitle')} />
      <section className="card">
        <div className="card__toolbar">
          <label className="field call-report__plan">
            <span>{t('calls.report.plan')}</span>
            <select
              className="input"
              value={planId ?? data?.plan?.id ?? ''}
              onChange={(e) => setPlanId(e.target.value || undefined)}
            >
              <CallPlanOptions plans={items} />
            </select>
          </label>
          {data?.plan ? (
            <progress
              className="call-report__progress"
              max={Math.max(1, data.plan.total)}
              value={data.plan.done}
              aria-label={t('calls.report.progress', { done: data.plan.done, total: data.plan.total })}
            />
          ) : null}
        </div>
        <div className="card__body">{body()}</div>
      </section>
    </div>
  );
}
