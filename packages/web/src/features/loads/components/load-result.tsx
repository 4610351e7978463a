import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import { errorFileUrl, type LoadBatch } from '../api/loads-api.ts';

export function LoadResult({ batch }: { batch: LoadBatch }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const tone = batch.status === 'failed' ? 'error' : batch.rowsRejected > 0 ? 'warning' : 'success';
  const headline =
    batch.status === 'failed'
      ? t('loads.resultFailed')
      : batch.rowsRejected > 0
        ? t('loads.resultWithRejected', { count: batch.rowsRejected })
        : t('loads.resultOk');

  const stats: [string, number, string?][] = [
    [t('loads.columns.rowsTotal'), batch.rowsTotal],
    [t('loads.columns.rowsLoaded'), batch.rowsLoaded, 'stat--success'],
    [
      t('loads.columns.rowsRejected'),
      batch.rowsRejected,
      batch.rowsRejected > 0 ? 'stat--danger' : undefined,
    ],
    [t('loads.columns.rowsInserted'), batch.rowsInserted],
    [t('loads.columns.rowsUpdated'), batch.rowsUpdated],
    [t('loads.columns.rowsUnchanged'), batch.rowsUnchanged],
    ...(batch.kind === 'customers'
      ? ([
          [
            t('loads.columns.rowsConflicts'),
            batch.rowsConflicts,
            batch.rowsConflicts > 0 ? 'stat--danger' : undefined,
          ],
          [t('loads.columns.rowsConfirmed'), batch.rowsConfirmed, 'stat--success'],
          [t('loads.columns.rowsMissing'), batch.rowsMissing],
        ] as [string, number, string?][])
      : []),
  ];

  return (
    <section className={`result-box result-box--${tone}`} data-testid="load-result" aria-live="polite">
      <div className="result-box__head">
        <strong>{headline}</strong>
        <span className="muted">
          {t(`loads.kind.${batch.kind}`)} · {batch.fileName}
        </span>
        {batch.rowsRejected > 0 ? (
          <a className="button button--small" href={errorFileUrl(batch.id)} download>
            {t('loads.downloadErrors')}
          </a>
        ) : null}
      </div>
      <div className="stats">
        {stats.map(([label, value, className]) => (
          <div className={`stat ${className ?? ''}`} key={label}>
            <div className="stat__value">{n(value)}</div>
            <div className="stat__label">{label}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
