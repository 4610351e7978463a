// Campaign cycles (治理周期): pick the one to view, compare them by their last weekly figures, and
// (coordinators) prepare a draft, activate it, or close the running one. Every move is logged.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../lib/error-message.ts';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { createCycle, fetchCycles, moveCycle } from '../api/campaign-api.ts';

export function CyclePanel({
  selected,
  onSelect,
  onChanged,
}: {
  selected: number | undefined;
  onSelect: (id: number) => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const cycles = useApiQuery((s) => fetchCycles(s), []);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await fn();
      cycles.reload();
      onChanged();
    } catch (e) {
      setMessage(errorMessage(t, e));
    }
  };
  const items = cycles.data?.items ?? [];
  return (
    <section className="card" data-testid="cycles">
      <h2 className="card__title">{t('campaign.cycles.title')}</h2>
      <div className="card__content table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th>{t('campaign.cycles.name')}</th>
              <th>{t('campaign.cycles.status')}</th>
              <th>{t('campaign.cycles.lastWeek')}</th>
              <th>{t('campaign.cycles.completion')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id} className={c.id === selected ? 'is-selected' : undefined}>
                <td>
                  <button type="button" className="link-button" onClick={() => onSelect(c.id)}>
                    {c.name}
                  </button>
                </td>
                <td>{t(`campaign.cycles.state.${c.status}`)}</td>
                <td>{c.lastWeek ?? '—'}</td>
                <td>
                  {c.completionPct === null ? '—' : `${c.completionPct.toFixed(2)}%`}
                  {c.verified !== null ? (
                    <span className="muted">
                      {' '}
                      ({c.verified}/{c.inScope})
                    </span>
                  ) : null}
                </td>
                <td>
                  {c.status === 'draft' ? (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void act(() => moveCycle(c.id, 'activate'))}
                    >
                      {t('campaign.cycles.activate')}
                    </button>
                  ) : c.status === 'active' ? (
                    <button
                      type="button"
                      className="button button--danger"
                      onClick={() => {
                        if (window.confirm(t('campaign.cycles.confirmClose', { name: c.name })))
                          void act(() => moveCycle(c.id, 'close'));
                      }}
                    >
                      {t('campaign.cycles.close')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <form
          className="cycle-new"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void act(() => createCycle(name.trim()).then((r) => onSelect(r.id)));
          }}
        >
          <input
            aria-label={t('campaign.cycles.newName')}
            placeholder={t('campaign.cycles.newName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit" className="button">
            {t('campaign.cycles.create')}
          </button>
        </form>
        {message ? <p className="notice">{message}</p> : null}
      </div>
    </section>
  );
}
