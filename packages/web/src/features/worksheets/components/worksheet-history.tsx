import { useTranslation } from 'react-i18next';
import { formatCode, formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { errorWorkbookUrl, type ExportSummary, type UploadSummary } from '../api/worksheets-api.ts';

export function ExportHistory({ items }: { items: ExportSummary[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <p className="muted">{t('worksheets.noHistory')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="worksheet-exports">
        <thead>
          <tr>
            <th>{t('worksheets.columns.time')}</th>
            <th>{t('worksheets.columns.scope')}</th>
            <th className="num">{t('worksheets.columns.stations')}</th>
            <th className="num">{t('worksheets.columns.rows')}</th>
            <th>{t('worksheets.columns.status')}</th>
            <th>{t('worksheets.columns.user')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id}>
              <td className="nowrap small">{formatDateTime(e.createdAt, i18n.language)}</td>
              <td className="cell-wrap">{e.scope?.label ?? e.fileName}</td>
              <td className="num">{formatNumber(e.stations, i18n.language)}</td>
              <td className="num">{formatNumber(e.rows, i18n.language)}</td>
              <td>{t(`worksheets.exportStatus.${e.status}`)}</td>
              <td className="nowrap">{orDash(e.userName)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const UPLOAD_BADGE: Record<UploadSummary['status'], string> = {
  previewed: 'badge--warning',
  committed: 'badge--success',
  discarded: 'badge--muted',
  expired: 'badge--muted',
};

export function UploadHistory({ items }: { items: UploadSummary[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  if (items.length === 0) return <p className="muted">{t('worksheets.noHistory')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="worksheet-uploads">
        <thead>
          <tr>
            <th>{t('worksheets.columns.time')}</th>
            <th>{t('worksheets.columns.fileName')}</th>
            <th>{t('worksheets.columns.status')}</th>
            <th className="num">{t('worksheets.summary.total')}</th>
            <th className="num">{t('worksheets.columns.counts')}</th>
            <th className="num">{t('worksheets.summary.applied')}</th>
            <th>{t('worksheets.columns.user')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((u) => (
            <tr key={u.id} data-upload={u.id}>
              <td className="nowrap small">{formatDateTime(u.createdAt, i18n.language)}</td>
              <td className="cell-wrap">{u.fileName}</td>
              <td>
                <span className={`badge ${UPLOAD_BADGE[u.status]}`}>
                  {formatCode('uploadStatus', u.status, i18n.language)}
                </span>
              </td>
              <td className="num">{n(u.rowsTotal)}</td>
              <td className="num nowrap">
                {n(u.rowsUpdate)} / {n(u.rowsConflict)} / {n(u.rowsError)}
              </td>
              <td className="num">{n(u.rowsApplied)}</td>
              <td className="nowrap">{orDash(u.userName)}</td>
              <td className="nowrap">
                {u.rowsError + u.rowsConflict > 0 ? (
                  <a href={errorWorkbookUrl(u.id)} download>
                    {t('worksheets.downloadErrors')}
                  </a>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
