// 审计: the access log (查阅记录) for admins and auditors. Filters by user, unit, action and
// Beijing-time days; a per-user daily summary; the CSV export (recorded by the server like any
// other file). Read only: nothing here changes the log.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCESS_ACTIONS } from '@qingyuan/contract/access-values';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { accessLogCsvUrl, accessSummary, listAccessLog, type LogFilter } from '../api/access-api.ts';
import { RequestsCard } from './requests-card.tsx';

const EMPTY: LogFilter = { user: '', unit: '', action: '', from: '', to: '' };

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<LogFilter>(EMPTY);
  const [draft, setDraft] = useState<LogFilter>(EMPTY);
  const [before, setBefore] = useState<string | null>(null);
  const log = useApiQuery((signal) => listAccessLog(filter, before, signal), [filter, before]);
  const summary = useApiQuery((signal) => accessSummary(filter, signal), [filter]);
  const n = (v: number) => formatNumber(v, i18n.language);
  const field = (key: keyof LogFilter, type = 'text') => (
    <label className="field">
      <span className="field__label">{t(`access.filter.${key}`)}</span>
      <input
        className="input"
        type={type}
        data-testid={`audit-filter-${key}`}
        value={draft[key]}
        onChange={(e) => setDraft({ ...draft, [key]: e.target.value })}
      />
    </label>
  );

  function logTable() {
    if (log.error) return <ErrorPanel error={log.error} onRetry={log.reload} />;
    if (!log.data) return <LoadingPanel />;
    if (log.data.items.length === 0) return <EmptyPanel title={t('access.empty')} />;
    return (
      <table className="table table--compact" data-testid="audit-log">
        <thead>
          <tr>
            <th>{t('access.columns.at')}</th>
            <th>{t('access.columns.user')}</th>
            <th>{t('access.columns.action')}</th>
            <th>{t('access.columns.outcome')}</th>
            <th>{t('access.columns.what')}</th>
            <th>{t('access.columns.ip')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action}>
              <td className="tabular">{formatDateTime(e.at, i18n.language)}</td>
              <td>
                <div>{e.username}</div>
                <div className="muted">
                  {e.role ? t(`roles.${e.role}`, { defaultValue: e.role }) : '—'} ·{' '}
                  {orDash(e.countyCode ?? e.cityCode)}
                </div>
              </td>
              <td>{t(`access.action.${e.action}`, { defaultValue: e.action })}</td>
              <td>{t(`access.outcome.${e.outcome}`)}</td>
              <td>
                <div className="muted">{e.route}</div>
                {e.customerIds.length > 0 ? (
                  <div>{t('access.customers', { ids: e.customerIds.slice(0, 10).join(', ') })}</div>
                ) : null}
                {e.fileName ? <div>{e.fileName}</div> : null}
                {e.rowCount !== null ? <div>{t('access.rows', { count: e.rowCount })}</div> : null}
                {e.note ? <div className="muted">{e.note}</div> : null}
              </td>
              <td className="tabular">{orDash(e.ip)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }

  return (
    <div className="page">
      <PageHeader
        title={t('access.title')}
        subtitle={t('access.subtitle')}
        actions={
          <a className="button" href={accessLogCsvUrl(filter)} download data-testid="audit-export">
            {t('access.export')}
          </a>
        }
      />
      <section className="card">
        <form
          className="card__content filters"
          onSubmit={(e) => {
            e.preventDefault();
            setBefore(null);
            setFilter(draft);
          }}
        >
          {field('user')}
          {field('unit')}
          <label className="field">
            <span className="field__label">{t('access.filter.action')}</span>
            <select
              className="input"
              data-testid="audit-filter-action"
              value={draft.action}
              onChange={(e) => setDraft({ ...draft, action: e.target.value })}
            >
              <option value="">{t('access.filter.allActions')}</option>
              {ACCESS_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {t(`access.action.${a}`)}
                </option>
              ))}
            </select>
          </label>
          {field('from', 'date')}
          {field('to', 'date')}
          <button type="submit" className="button" data-testid="audit-apply">
            {t('access.filter.apply')}
          </button>
        </form>
      </section>
      <section className="card">
        <h2 className="card__title">{t('access.logTitle')}</h2>
        <div className="card__content">{logTable()}</div>
        {log.data?.nextBefore ? (
          <div className="card__content">
            <button type="button" className="button" onClick={() => setBefore(log.data!.nextBefore)}>
              {t('access.older')}
            </button>
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2 className="card__title">{t('access.summaryTitle')}</h2>
        <div className="card__content">
          {summary.error ? (
            <ErrorPanel error={summary.error} onRetry={summary.reload} />
          ) : !summary.data ? (
            <LoadingPanel />
          ) : (
            <table className="table table--compact" data-testid="audit-summary">
              <thead>
                <tr>
                  <th>{t('access.summary.day')}</th>
                  <th>{t('access.columns.user')}</th>
                  <th>{t('access.summary.views')}</th>
                  <th>{t('access.summary.exports')}</th>
                  <th>{t('access.summary.prints')}</th>
                  <th>{t('access.summary.logins')}</th>
                  <th>{t('access.summary.failedLogins')}</th>
                  <th>{t('access.summary.total')}</th>
                </tr>
              </thead>
              <tbody>
                {summary.data.items.map((r) => (
                  <tr key={`${r.day}-${r.username}`}>
                    <td className="tabular">{r.day}</td>
                    <td>{r.username}</td>
                    <td>{n(r.views)}</td>
                    <td>{n(r.exports)}</td>
                    <td>{n(r.prints)}</td>
                    <td>{n(r.logins)}</td>
                    <td>{n(r.failedLogins)}</td>
                    <td>{n(r.total)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      <RequestsCard />
    </div>
  );
}
