// 冲突处理: where the marketing system and a verified correction disagree, a person decides —
// keep ours (sent back again), take the source's value, or enter another (checked by the rules).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import '../conflicts.css';
import {
  conflictSummary,
  listConflicts,
  resolveConflicts,
  type ResolveAction,
} from '../api/conflicts-api.ts';

type ConflictFilter = { unit: string; field: string; minAgeDays: string };

const FIELDS = [
  '',
  'name',
  'mobile',
  'landline',
  'address',
  'cert_no',
  'customer_type',
  'cert_type',
  'status',
];

export function ConflictsPage() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<ConflictFilter>({ unit: '', field: '', minAgeDays: '' });
  const [draft, setDraft] = useState<ConflictFilter>(filter);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const list = useApiQuery((signal) => listConflicts(filter, 1, signal), [filter]);
  const summary = useApiQuery((signal) => conflictSummary(signal), []);
  const n = (v: number) => formatNumber(v, i18n.language);

  async function resolve(action: ResolveAction) {
    setIsBusy(true);
    setMessage(null);
    try {
      const r = await resolveConflicts([...selected], action, action === 'other' ? value : undefined);
      const failed = r.failed.map((f) => (i18n.language === 'en' ? f.en : f.zh)).join('；');
      setMessage({
        tone: r.failed.length > 0 ? 'error' : 'success',
        text: t('conflicts.resolved', { count: r.resolved }) + (failed ? ` ${failed}` : ''),
      });
      setSelected(new Set());
      list.reload();
      summary.reload();
    } catch (error) {
      setMessage({ tone: 'error', text: errorMessage(t, error) });
    } finally {
      setIsBusy(false);
    }
  }

  const toggle = (id: number) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  function table() {
    if (list.error) return <ErrorPanel error={list.error} onRetry={list.reload} />;
    if (!list.data) return <LoadingPanel />;
    if (list.data.items.length === 0) return <EmptyPanel title={t('conflicts.empty')} />;
    return (
      <table className="table" data-testid="conflicts-table">
        <thead>
          <tr>
            <th aria-label={t('conflicts.select')} />
            <th>{t('conflicts.columns.customer')}</th>
            <th>{t('conflicts.columns.field')}</th>
            <th>{t('conflicts.columns.base')}</th>
            <th>{t('conflicts.columns.ours')}</th>
            <th>{t('conflicts.columns.theirs')}</th>
            <th>{t('conflicts.columns.age')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data.items.map((c) => (
            <tr key={c.id} data-testid="conflict-row">
              <td>
                <input
                  type="checkbox"
                  aria-label={t('conflicts.selectOne', { customer: c.customerNo })}
                  checked={selected.has(c.id)}
                  onChange={() => toggle(c.id)}
                />
              </td>
              <td>
                <div>{c.customerNo}</div>
                <div className="muted">
                  {c.customerName} · {orDash(c.stationName)}
                </div>
              </td>
              <td>{t(`conflicts.fields.${c.field}`, { defaultValue: c.field })}</td>
              <td>{c.base}</td>
              <td>
                <strong>{c.ours}</strong>
                <div className="muted">
                  {c.oursSource ? t(`conflicts.sources.${c.oursSource}`, { defaultValue: c.oursSource }) : ''}
                  {c.oursRef ? ` #${c.oursRef}` : ''} · {orDash(c.oursUserName)} ·{' '}
                  {formatDateTime(c.oursAt, i18n.language)}
                </div>
              </td>
              <td>
                {c.kind === 'rejected' ? (
                  <>
                    <span className="badge badge--danger">{t('conflicts.rejected')}</span>
                    <div className="muted">{orDash(c.reason)}</div>
                  </>
                ) : (
                  <>
                    {orDash(c.theirs)}
                    <div className="muted">{t('conflicts.batch', { id: c.batchId })}</div>
                  </>
                )}
              </td>
              <td>{t('conflicts.days', { count: c.ageDays })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }

  return (
    <div className="page">
      <PageHeader title={t('conflicts.title')} subtitle={t('conflicts.subtitle')} />
      {summary.data ? (
        <section className="card">
          <h2 className="card__title">{t('conflicts.byCity')}</h2>
          <div className="card__body stats">
            {summary.data.cities.map((c) => (
              <div className="stat" key={c.cityCode}>
                <div className="stat__value">{n(c.open)}</div>
                <div className="stat__label">
                  {c.cityName}
                  {c.oldestDays !== null ? ` · ${t('conflicts.oldest', { count: c.oldestDays })}` : ''}
                </div>
              </div>
            ))}
          </div>
        </section>
      ) : null}
      <section className="card">
        <form
          className="card__content filters"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter(draft);
          }}
        >
          <label className="field">
            <span className="field__label">{t('conflicts.filter.unit')}</span>
            <input
              className="input"
              value={draft.unit}
              onChange={(e) => setDraft({ ...draft, unit: e.target.value })}
            />
          </label>
          <label className="field">
            <span className="field__label">{t('conflicts.filter.field')}</span>
            <select
              className="input"
              value={draft.field}
              onChange={(e) => setDraft({ ...draft, field: e.target.value })}
            >
              {FIELDS.map((f) => (
                <option key={f} value={f}>
                  {f ? t(`conflicts.fields.${f}`) : t('conflicts.filter.allFields')}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">{t('conflicts.filter.minAge')}</span>
            <input
              className="input"
              type="number"
              min={0}
              value={draft.minAgeDays}
              onChange={(e) => setDraft({ ...draft, minAgeDays: e.target.value })}
            />
          </label>
          <button type="submit" className="button">
            {t('conflicts.filter.apply')}
          </button>
        </form>
        <div className="card__content conflict-actions">
          <span className="muted">{t('conflicts.selected', { count: selected.size })}</span>
          <button
            type="button"
            className="button button--primary"
            disabled={selected.size === 0 || isBusy}
            onClick={() => void resolve('keep_ours')}
          >
            {t('conflicts.keepOurs')}
          </button>
          <button
            type="button"
            className="button"
            disabled={selected.size === 0 || isBusy}
            onClick={() => void resolve('take_source')}
          >
            {t('conflicts.takeSource')}
          </button>
          <input
            className="input"
            aria-label={t('conflicts.otherValue')}
            placeholder={t('conflicts.otherValue')}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button
            type="button"
            className="button"
            disabled={selected.size === 0 || isBusy || !value.trim()}
            onClick={() => void resolve('other')}
          >
            {t('conflicts.useOther')}
          </button>
        </div>
        {message ? (
          <div className={`alert alert--${message.tone}`} role="status" data-testid="conflicts-message">
            {message.text}
          </div>
        ) : null}
        <div className="card__body">{table()}</div>
      </section>
    </div>
  );
}
