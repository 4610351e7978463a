// 回写: the corrections going back to the marketing system — download the next change file,
// upload the system's acknowledgement, and see per city what is still pending.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime, formatNumber } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { changeFileUrl, uploadAck, writebackSummary } from '../api/writeback-api.ts';
import '../writeback.css';

export function WritebackPage() {
  const { t, i18n } = useTranslation();
  const summary = useApiQuery((signal) => writebackSummary(signal), []);
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const fileId = useId();
  const n = (v: number) => formatNumber(v, i18n.language);

  async function onAck() {
    if (!file) return;
    setMessage(null);
    try {
      const r = await uploadAck(file);
      setMessage({ tone: 'success', text: t('writeback.ackDone', r) });
      summary.reload();
    } catch (error) {
      // the API names the ids or lines at fault in both languages: show them beside the code's text
      const detail = error instanceof ApiError ? ` ${error.message}` : '';
      setMessage({ tone: 'error', text: errorMessage(t, error) + detail });
    }
  }

  function cities() {
    if (summary.error) return <ErrorPanel error={summary.error} onRetry={summary.reload} />;
    if (!summary.data) return <LoadingPanel />;
    return (
      <div className="table-scroll">
        <table className="table" data-testid="writeback-cities">
          <thead>
            <tr>
              <th>{t('writeback.columns.city')}</th>
              <th>{t('writeback.states.corrected')}</th>
              <th>{t('writeback.states.exported')}</th>
              <th>{t('writeback.states.written_back')}</th>
              <th>{t('writeback.states.confirmed')}</th>
              <th>{t('writeback.states.rejected')}</th>
              <th>{t('writeback.columns.share')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.cities.map((c) => (
              <tr key={c.cityCode}>
                <td>{c.cityName}</td>
                <td>{n(c.corrected)}</td>
                <td>{n(c.exported)}</td>
                <td>{n(c.writtenBack)}</td>
                <td>{n(c.confirmed)}</td>
                <td>{n(c.rejected)}</td>
                <td>{c.writtenBackPct === null ? '—' : `${c.writtenBackPct}%`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  function pending() {
    if (!summary.data) return null;
    if (summary.data.items.length === 0) return <EmptyPanel title={t('writeback.nothingPending')} />;
    return (
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th>{t('writeback.columns.id')}</th>
              <th>{t('writeback.columns.customer')}</th>
              <th>{t('writeback.columns.field')}</th>
              <th>{t('writeback.columns.change')}</th>
              <th>{t('writeback.columns.state')}</th>
              <th>{t('writeback.columns.when')}</th>
            </tr>
          </thead>
          <tbody>
            {summary.data.items.map((c) => (
              <tr key={c.id}>
                <td>{c.id}</td>
                <td>{c.customerNo}</td>
                <td>{t(`conflicts.fields.${c.field}`, { defaultValue: c.field })}</td>
                <td>
                  {c.baseValue || '∅'} → <strong>{c.newValue}</strong>
                </td>
                <td>{t(`writeback.states.${c.state}`)}</td>
                <td>{formatDateTime(c.changedAt, i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <div className="page">
      <PageHeader title={t('writeback.title')} subtitle={t('writeback.subtitle')} />
      <section className="card">
        <h2 className="card__title">{t('writeback.downloadTitle')}</h2>
        <div className="card__content writeback-actions">
          <a
            className="button button--primary"
            href={changeFileUrl('xlsx')}
            download
            data-testid="download-xlsx"
          >
            {t('writeback.downloadXlsx')}
          </a>
          <a className="button" href={changeFileUrl('csv')} download>
            {t('writeback.downloadCsv')}
          </a>
          <span className="muted">{t('writeback.downloadHint')}</span>
        </div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('writeback.ackTitle')}</h2>
        <div className="card__content writeback-actions">
          <label className="field__label" htmlFor={fileId}>
            {t('writeback.ackFile')}
          </label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <button type="button" className="button" disabled={!file} onClick={() => void onAck()}>
            {t('writeback.ackUpload')}
          </button>
        </div>
        {/* names the literal values a receipt file holds (applied / rejected): codes on purpose */}
        <p className="card__content muted" data-file-format>
          {t('writeback.ackHint')}
        </p>
        {message ? (
          <div className={`alert alert--${message.tone}`} role="status" data-testid="ack-message">
            {message.text}
          </div>
        ) : null}
      </section>
      <section className="card">
        <h2 className="card__title">{t('writeback.byCity')}</h2>
        <div className="card__body">{cities()}</div>
      </section>
      <section className="card">
        <h2 className="card__title">{t('writeback.pendingTitle')}</h2>
        <div className="card__body">{pending()}</div>
      </section>
    </div>
  );
}
