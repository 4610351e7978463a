import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatCode, formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import {
  downloadExportAgain,
  errorWorkbookUrl,
  type ExportSummary,
  type UploadSummary,
} from '../api/worksheets-api.ts';
import { serverMessage } from './server-message.ts';

export function ExportHistory({ items, onExported }: { items: ExportSummary[]; onExported: () => void }) {
  const { t, i18n } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const again = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await downloadExportAgain(id);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(null);
      onExported();
    }
  };
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
            <th />
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} data-export-id={e.id}>
              <td className="nowrap small">{formatDateTime(e.createdAt, i18n.language)}</td>
              <td className="cell-wrap">{e.scope?.label ?? e.fileName}</td>
              <td className="num">{formatNumber(e.stations, i18n.language)}</td>
              <td className="num">{formatNumber(e.rows, i18n.language)}</td>
              <td>{t(`worksheets.exportStatus.${e.status}`)}</td>
              <td className="nowrap">{orDash(e.userName)}</td>
              <td className="nowrap">
                {e.status === 'completed' ? (
                  <button
                    type="button"
                    className="link-button"
                    data-testid="export-again"
                    disabled={busy !== null}
                    onClick={() => void again(e.id)}
                  >
                    {busy === e.id ? t('worksheets.export.downloading') : t('worksheets.export.again')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error ? (
        <div className="alert alert--error" role="alert">
          {serverMessage(t, i18n.language, error)}
        </div>
      ) : null}
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
