// The coordinator previews this week's SMS reports to managers and sends them by hand; a report
// already stored for the week is shown with its delivery status and is never sent again. Before
// the cut-off the figures are live (nothing is stored) and a send asks first: it freezes the week.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchPreview, sendReports } from '../api/campaign-api.ts';

const cutOff = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';

export function WeeklyReportsPanel() {
  const { t } = useTranslation();
  const preview = useApiQuery((s) => fetchPreview(s), []);
  const [message, setMessage] = useState<string | null>(null);
  const send = async () => {
    const early = preview.data?.isBeforeCutOff ?? false;
    if (early && !window.confirm(t('campaign.reports.confirmEarly', { at: cutOff(preview.data?.cutOffAt) })))
      return;
    try {
      const r = await sendReports(early);
      setMessage(t('campaign.reports.sent', { n: r.queued }));
      preview.reload();
    } catch (e) {
      setMessage(errorMessage(t, e));
    }
  };
  return (
    <section className="card" data-testid="weekly-reports">
      <h2 className="card__title">{t('campaign.reports.title', { week: preview.data?.week ?? '' })}</h2>
      <div className="card__content">
        {message ? <div className="alert alert--success">{message}</div> : null}
        {preview.data ? (
          <p className="muted" data-testid="weekly-figures">
            {preview.data.figures === 'live'
              ? t('campaign.reports.figuresLive', { at: cutOff(preview.data.cutOffAt) })
              : t(`campaign.reports.figuresStored.${preview.data.timing ?? 'on_time'}`)}
          </p>
        ) : null}
        {preview.error ? (
          <ErrorPanel error={preview.error} onRetry={preview.reload} />
        ) : !preview.data ? (
          <LoadingPanel />
        ) : (
          <div className="table-scroll">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('campaign.reports.manager')}</th>
                  <th>{t('campaign.reports.phone')}</th>
                  <th>{t('campaign.reports.text')}</th>
                  <th>{t('campaign.reports.status')}</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.items.map((r) => (
                  <tr key={r.userId}>
                    <td>{r.name}</td>
                    <td className="nowrap">{r.phone ?? t('campaign.reports.noPhone')}</td>
                    <td className="report-text">{r.body ?? '—'}</td>
                    <td>
                      {r.isStored
                        ? t(`campaign.reports.sms.${r.smsStatus ?? 'queued'}`, {
                            defaultValue: r.smsStatus ?? '',
                          })
                        : t('campaign.reports.notSent')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <div className="form-actions">
          <button type="button" className="button button--primary" onClick={() => void send()}>
            {t('campaign.reports.send')}
          </button>
        </div>
      </div>
    </section>
  );
}
