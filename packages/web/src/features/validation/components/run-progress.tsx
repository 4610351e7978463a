import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { Run } from '../api/validation-api.ts';
import { formatEta, formatPercent, progressOf } from './run-format.ts';

/** The live bar of a queued or running run: rows done of total, rows per second, time left. */
export function RunProgress({ run, isCompact = false }: { run: Run; isCompact?: boolean }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const share = progressOf(run);
  const label = t('validation.progress.rows', { done: n(run.rowsDone), total: n(run.rowsTotal) });
  return (
    <div className={`run-progress${isCompact ? ' run-progress--compact' : ''}`} data-testid="run-progress">
      <div
        className="run-progress__bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(share * 100)}
        aria-label={label}
      >
        <span
          className={`run-progress__fill${run.status === 'queued' ? ' is-queued' : ''}`}
          style={{ width: `${Math.max(share * 100, run.status === 'queued' ? 0 : 1)}%` }}
        />
      </div>
      <div className="run-progress__meta">
        <strong className="tabular">{formatPercent(share, i18n.language, 0)}</strong>
        <span className="tabular">{label}</span>
        {isCompact ? null : (
          <>
            <span className="tabular">{t('validation.progress.rate', { rate: n(run.rowsPerSecond) })}</span>
            <span className="tabular">
              {run.status === 'queued'
                ? t('validation.progress.waiting')
                : t('validation.progress.eta', { eta: formatEta(t, run.etaSeconds) })}
            </span>
          </>
        )}
      </div>
    </div>
  );
}
