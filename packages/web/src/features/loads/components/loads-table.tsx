import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { errorFileUrl, type LoadBatch } from '../api/loads-api.ts';
import { LoadStatusBadge } from './load-status-badge.tsx';

export function LoadsTable({ items }: { items: LoadBatch[] }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <div className="table-scroll">
      <table className="table" data-testid="loads-table">
        <thead>
          <tr>
            <th>{t('loads.columns.fileName')}</th>
            <th>{t('loads.columns.kind')}</th>
            <th>{t('loads.columns.status')}</th>
            <th className="num">{t('loads.columns.rowsTotal')}</th>
            <th className="num">{t('loads.columns.rowsLoaded')}</th>
            <th className="num">{t('loads.columns.rowsRejected')}</th>
            <th className="num">{t('loads.columns.rowsInserted')}</th>
            <th className="num">{t('loads.columns.rowsUpdated')}</th>
            <th>{t('loads.columns.startedAt')}</th>
            <th>{t('loads.columns.userName')}</th>
            <th>{t('loads.columns.errors')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((batch) => (
            <tr key={batch.id}>
              <td className="cell-strong cell-wrap">{batch.fileName}</td>
              <td className="nowrap">{t(`loads.kind.${batch.kind}`)}</td>
              <td>
                <LoadStatusBadge status={batch.status} />
              </td>
              <td className="num">{n(batch.rowsTotal)}</td>
              <td className="num">{n(batch.rowsLoaded)}</td>
              <td className={`num${batch.rowsRejected > 0 ? ' text-danger' : ''}`}>
                {n(batch.rowsRejected)}
              </td>
              <td className="num">{n(batch.rowsInserted)}</td>
              <td className="num">{n(batch.rowsUpdated)}</td>
              <td className="nowrap small">{formatDateTime(batch.startedAt, i18n.language)}</td>
              <td className="nowrap">{orDash(batch.userName)}</td>
              <td className="nowrap">
                {batch.rowsRejected > 0 ? (
                  <a href={errorFileUrl(batch.id)} download>
                    {t('loads.downloadErrors')}
                  </a>
                ) : (
                  <span className="muted">
                    {batch.status === 'completed' ? t('loads.noErrors') : t('common.dash')}
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
