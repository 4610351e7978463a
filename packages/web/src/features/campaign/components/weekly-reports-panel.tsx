// The coordinator previews this week's SMS reports to managers and sends them by hand; a report
// already stored for the week is shown with its delivery status and is never sent again.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchPreview, sendReports } from '../api/campaign-api.ts';

export function WeeklyReportsPanel() {
  const { t } = useTranslation();
  const preview = useApiQuery((s) => fetchPreview(s), []);
  const [message, setMessage] = useState<string | null>(null);
  const send = async () => {
    try {
      const r = await sendReports();
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
