// A city team's weekly summary (done this week, problems, next week's plan) or monthly plan,
// with the plan broken down by station. Late submissions are flagged and count against timeliness.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format.ts';
import { errorMessage } from '../../../lib/error-message.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { fetchWorkReports, submitWorkReport, type WorkReport } from '../api/campaign-api.ts';

export function WorkReportForm() {
  const { t, i18n } = useTranslation();
  const list = useApiQuery((s) => fetchWorkReports(s), []);
  const [kind, setKind] = useState<'week' | 'month'>('week');
  const [form, setForm] = useState({ done: '', problems: '', plan: '', stations: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const period = kind === 'week' ? list.data?.currentWeek : list.data?.currentMonth;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!period) return;
    try {
      const stationPlan = form.stations
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [stationCode = '', planned = '0', ...note] = l.split(/[\s,，]+/);
          return { stationCode, planned: Number(planned) || 0, note: note.join(' ') };
        });
      const r = await submitWorkReport({
        kind,
        periodKey: period,
        done: form.done,
        problems: form.problems,
        plan: form.plan,
        stationPlan,
      });
      setMessage({ ok: true, text: r.isLate ? t('campaign.work.savedLate') : t('campaign.work.saved') });
      list.reload();
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    }
  };
  const field = (key: 'done' | 'problems' | 'plan') => (
    <label className="field">
      <span>{t(`campaign.work.${key}`)}</span>
      <textarea
        className="input"
        rows={3}
        name={key}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );
  return (
    <div className="page-grid">
      <section className="card" data-testid="work-report-form">
        <h2 className="card__title">{t('campaign.work.title', { period: period ?? '' })}</h2>
        <form className="card__content form" onSubmit={(e) => void submit(e)}>
          {message ? (
            <div className={`alert ${message.ok ? 'alert--success' : 'alert--error'}`}>{message.text}</div>
          ) : null}
          <div className="segmented">
            {(['week', 'month'] as const).map((k) => (
              <button
                type="button"
                key={k}
                className={`button${kind === k ? ' button--primary' : ''}`}
                onClick={() => setKind(k)}
              >
                {t(`campaign.work.kind.${k}`)}
              </button>
            ))}
          </div>
          {field('done')}
          {field('problems')}
          {field('plan')}
          <label className="field">
            <span>{t('campaign.work.stations')}</span>
            <textarea
              className="input"
              rows={3}
              name="stations"
              placeholder="53010201 120 重点核实无法联系用户"
              value={form.stations}
              onChange={(e) => setForm({ ...form, stations: e.target.value })}
            />
          </label>
          <div className="form-actions">
            <button type="submit" className="button button--primary">
              {t('campaign.work.submit')}
            </button>
          </div>
        </form>
      </section>
      <section className="card">
        <h2 className="card__title">{t('campaign.work.history')}</h2>
        <div className="card__content table-scroll">
          <table className="table">
            <tbody>
              {(list.data?.items ?? []).map((r: WorkReport) => (
                <tr key={`${r.cityCode}-${r.kind}-${r.periodKey}`}>
                  <td>{r.periodKey}</td>
                  <td>{formatDateTime(r.submittedAt, i18n.language)}</td>
                  <td>
                    {r.isLate ? (
                      <span className="badge badge--warning">{t('dashboard.work.late')}</span>
                    ) : (
                      <span className="badge badge--success">{t('dashboard.work.on_time')}</span>
                    )}
                  </td>
                  <td className="small cell-wrap">{r.done}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
