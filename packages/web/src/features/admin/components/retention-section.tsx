// 保管期限: the policy (years per voltage class), what a run would anonymise now per unit (the dry
// run, always shown before the run button), and the runs so far.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  getRetentionDryRun,
  getRetentionPolicy,
  listRetentionRuns,
  runRetentionNow,
  saveRetentionPolicy,
} from '../api/admin-api.ts';

export function RetentionSection() {
  const { t, i18n } = useTranslation();
  const policy = useApiQuery((signal) => getRetentionPolicy(signal), []);
  const dry = useApiQuery((signal) => getRetentionDryRun(signal), []);
  const runs = useApiQuery((signal) => listRetentionRuns(signal), []);
  const [years, setYears] = useState({ highYears: '', lowYears: '' });
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const n = (v: number) => formatNumber(v, i18n.language);

  useEffect(() => {
    if (policy.data)
      setYears({ highYears: String(policy.data.highYears), lowYears: String(policy.data.lowYears) });
  }, [policy.data]);

  async function act(work: () => Promise<string>) {
    setIsBusy(true);
    setMessage(null);
    try {
      setMessage({ tone: 'success', text: await work() });
      policy.reload();
      dry.reload();
      runs.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(t, error) });
    } finally {
      setIsBusy(false);
    }
  }

  const save = () =>
    act(async () => {
      await saveRetentionPolicy({ highYears: Number(years.highYears), lowYears: Number(years.lowYears) });
      return t('admin.retention.saved');
    });
  const runNow = () =>
    act(async () => {
      if (!window.confirm(t('admin.retention.confirm', { count: dry.data?.total ?? 0 }))) return '';
      const run = await runRetentionNow();
      return t('admin.retention.ran', { count: run.customers });
    });

  return (
    <>
      <section className="card">
        <h2 className="card__title">{t('admin.retention.policy')}</h2>
        <form
          className="card__content admin-row"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          {(['highYears', 'lowYears'] as const).map((key) => (
            <label className="field" key={key}>
              <span className="field__label">{t(`admin.retention.${key}`)}</span>
              <input
                className="input"
                type="number"
                min={1}
                max={100}
                required
                value={years[key]}
                onChange={(e) => setYears({ ...years, [key]: e.target.value })}
              />
            </label>
          ))}
          <button type="submit" className="button" disabled={isBusy}>
            {t('admin.save')}
          </button>
          {policy.data?.updatedAt ? (
            <span className="muted">
              {t('admin.retention.updated', {
                at: formatDateTime(policy.data.updatedAt, i18n.language),
                by: orDash(policy.data.updatedBy),
              })}
            </span>
          ) : null}
        </form>
        <p className="card__content muted">{t('admin.retention.unknownClass')}</p>
      </section>

      <section className="card" data-testid="retention-dry-run">
        <h2 className="card__title">{t('admin.retention.dryRun')}</h2>
        {dry.error ? <ErrorPanel error={dry.error} onRetry={dry.reload} /> : null}
        {!dry.data && !dry.error ? <LoadingPanel /> : null}
        {dry.data ? (
          <>
            <p className="card__content">
              {t('admin.retention.dryRunSummary', {
                count: dry.data.total,
                high: dry.data.highCutoff,
                low: dry.data.lowCutoff,
              })}
              {dry.data.closedWithoutDate > 0
                ? ` ${t('admin.retention.undated', { count: dry.data.closedWithoutDate })}`
                : ''}
            </p>
            {dry.data.units.length === 0 ? (
              <EmptyPanel title={t('admin.retention.nothing')} />
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th>{t('admin.retention.unit')}</th>
                    <th>{t('admin.retention.high')}</th>
                    <th>{t('admin.retention.low')}</th>
                    <th>{t('admin.retention.unknown')}</th>
                    <th>{t('admin.retention.total')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dry.data.units.map((u) => (
                    <tr key={u.stationCode}>
                      <td>
                        {u.cityName} · {u.countyName} · {u.stationName}
                      </td>
                      <td>{n(u.high)}</td>
                      <td>{n(u.low)}</td>
                      <td>{n(u.unknown)}</td>
                      <td>{n(u.total)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="card__content admin-row">
              <button
                type="button"
                className="button button--danger"
                disabled={isBusy || dry.data.total === 0}
                onClick={() => void runNow()}
              >
                {t('admin.retention.runNow')}
              </button>
              <span className="muted">{t('admin.retention.schedule')}</span>
            </div>
          </>
        ) : null}
        {message?.text ? (
          <p className={`alert alert--${message.tone}`} role="status">
            {message.text}
          </p>
        ) : null}
      </section>

      <section className="card">
        <h2 className="card__title">{t('admin.retention.runs')}</h2>
        {runs.data && runs.data.items.length === 0 ? (
          <EmptyPanel title={t('admin.retention.noRuns')} />
        ) : null}
        {runs.data && runs.data.items.length > 0 ? (
          <table className="table" data-testid="retention-runs">
            <thead>
              <tr>
                <th>{t('admin.retention.startedAt')}</th>
                <th>{t('admin.retention.trigger')}</th>
                <th>{t('admin.retention.status')}</th>
                <th>{t('admin.retention.customers')}</th>
                <th>{t('admin.retention.cutoffs')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.startedAt, i18n.language)}</td>
                  <td>
                    {t(`admin.retention.triggers.${r.trigger}`)}
                    {r.userName ? ` · ${r.userName}` : ''}
                  </td>
                  <td>
                    {t(`admin.retention.statuses.${r.status}`)}
                    {r.error ? <div className="muted">{r.error}</div> : null}
                  </td>
                  <td>{n(r.customers)}</td>
                  <td>
                    {r.highCutoff} / {r.lowCutoff}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </>
  );
}
