import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { isRunActive, type Run } from '../api/validation-api.ts';
import { durationSeconds, formatEta } from './run-format.ts';
import { RunProgress } from './run-progress.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';

type RunsTableProps = {
  items: Run[];
  selectedId: string | null;
  scopeName: (run: Run) => string;
  onSelect: (id: string) => void;
};

export function RunsTable({ items, selectedId, scopeName, onSelect }: RunsTableProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const onKeyDown = (id: string) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onSelect(id);
    }
  };
  return (
    <div className="table-scroll">
      <table className="table table--hover" data-testid="runs-table">
        <thead>
          <tr>
            <th>{t('validation.runs.id')}</th>
            <th>{t('validation.runs.scope')}</th>
            <th>{t('validation.runs.ruleSet')}</th>
            <th>{t('validation.runs.status')}</th>
            <th className="col-progress">{t('validation.runs.progress')}</th>
            <th className="num">{t('validation.runs.rate')}</th>
            <th>{t('validation.runs.duration')}</th>
            <th>{t('validation.runs.createdBy')}</th>
            <th>{t('validation.runs.createdAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((run) => (
            <tr
              key={run.id}
              data-testid="run-row"
              data-run-id={run.id}
              className={run.id === selectedId ? 'is-selected' : undefined}
              tabIndex={0}
              aria-selected={run.id === selectedId}
              onClick={() => onSelect(run.id)}
              onKeyDown={onKeyDown(run.id)}
            >
              <td className="tabular cell-strong">#{run.id}</td>
              <td>{scopeName(run)}</td>
              <td className="tabular">v{run.ruleSetVersion}</td>
              <td>
                <RunStatusBadge status={run.status} />
                {run.findingsDroppedAt ? (
                  <div className="muted small" data-testid="run-pruned">
                    {t('validation.runs.pruned')}
                  </div>
                ) : null}
              </td>
              <td className="col-progress">
                {isRunActive(run) ? (
                  <RunProgress run={run} isCompact />
                ) : (
                  <span className="tabular">
                    {t('validation.progress.rows', { done: n(run.rowsDone), total: n(run.rowsTotal) })}
                  </span>
                )}
              </td>
              <td className="num">{run.rowsPerSecond > 0 ? n(run.rowsPerSecond) : t('common.dash')}</td>
              <td className="nowrap">
                {isRunActive(run)
                  ? t('validation.progress.eta', { eta: formatEta(t, run.etaSeconds) })
                  : formatEta(t, durationSeconds(run))}
              </td>
              <td>{orDash(run.createdBy)}</td>
              <td className="nowrap small">{formatDateTime(run.createdAt, i18n.language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
