import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, orDash } from '../../../lib/format.ts';
import { errorWorkbookUrl, type Outcome, type UploadRow, type UploadSummary } from '../api/worksheets-api.ts';
import { useUploadRows } from '../hooks/use-worksheets.ts';

const FILTERS: { key: string; outcomes: Outcome[] | null }[] = [
  { key: 'all', outcomes: null },
  { key: 'error', outcomes: ['error'] },
  { key: 'conflict', outcomes: ['conflict'] },
  { key: 'update', outcomes: ['update'] },
  { key: 'unchanged', outcomes: ['unchanged'] },
];
const BADGE: Record<Outcome, string> = {
  update: 'badge--info',
  unchanged: 'badge--muted',
  conflict: 'badge--warning',
  error: 'badge--danger',
  blank: 'badge--muted',
};

export function UploadPreview({
  upload,
  isCommitting,
  onCommit,
  onDiscard,
}: {
  upload: UploadSummary;
  isCommitting: boolean;
  onCommit: (() => void) | null;
  /** Offered while the preview may still be committed. */
  onDiscard?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState(upload.rowsError > 0 ? 'error' : 'all');
  const outcomes = FILTERS.find((f) => f.key === filter)!.outcomes;
  const rows = useUploadRows(
    upload.id,
    outcomes ?? ['update', 'unchanged', 'conflict', 'error'],
    upload.rowsApplied,
  );
  const n = (v: number) => formatNumber(v, i18n.language);
  const stats: [string, number, string][] = [
    ['total', upload.rowsTotal, ''],
    ['update', upload.rowsUpdate, ''],
    ['unchanged', upload.rowsUnchanged, ''],
    ['conflict', upload.rowsConflict, upload.rowsConflict ? 'stat--danger' : ''],
    ['error', upload.rowsError, upload.rowsError ? 'stat--danger' : ''],
    ['blank', upload.rowsBlank, ''],
  ];
  return (
    <div className="preview" data-testid="worksheet-preview">
      <div className="stats">
        {stats.map(([key, value, cls]) => (
          <div key={key} className={`stat ${cls}`} data-testid={`stat-${key}`}>
            <span className="stat__label">{t(`worksheets.summary.${key}`)}</span>
            <span className="stat__value tabular">{n(value)}</span>
          </div>
        ))}
      </div>
      {upload.duplicate ? (
        <div className="alert alert--error" role="status" data-testid="worksheet-duplicate">
          {t('worksheets.upload.duplicate', {
            file: upload.duplicate.fileName,
            time: formatDateTime(upload.duplicate.createdAt),
            user: orDash(upload.duplicate.userName),
          })}
        </div>
      ) : null}
      {onCommit && upload.expiresAt ? (
        <p className="muted small">
          {t('worksheets.upload.expiresAt', { time: formatDateTime(upload.expiresAt) })}
        </p>
      ) : null}
      <div className="toolbar">
        <div className="segmented" role="tablist">
          {FILTERS.map((f) => (
            <button
              key={f.key}
              type="button"
              role="tab"
              aria-selected={filter === f.key}
              className={`segmented__option${filter === f.key ? ' is-active' : ''}`}
              onClick={() => setFilter(f.key)}
            >
              {t(`worksheets.filters.${f.key}`)}
            </button>
          ))}
        </div>
        <span className="pager__spacer" />
        {upload.rowsError + upload.rowsConflict > 0 ? (
          <a className="button button--small" href={errorWorkbookUrl(upload.id)} download>
            {t('worksheets.downloadErrors')}
          </a>
        ) : null}
        {onDiscard ? (
          <button type="button" className="button" data-testid="worksheet-discard" onClick={onDiscard}>
            {t('worksheets.upload.discard')}
          </button>
        ) : null}
        {onCommit ? (
          <button
            type="button"
            className="button button--primary"
            data-testid="worksheet-commit"
            disabled={isCommitting || upload.rowsUpdate === 0}
            onClick={onCommit}
          >
            {isCommitting
              ? t('worksheets.committing')
              : upload.rowsUpdate === 0
                ? t('worksheets.nothingToCommit')
                : t('worksheets.commit', { count: upload.rowsUpdate })}
          </button>
        ) : null}
      </div>
      <RowsTable rows={rows.data?.items ?? []} />
      {rows.data && rows.data.total > rows.data.items.length ? (
        <p className="muted small">
          {t('worksheets.moreRows', { shown: rows.data.items.length, total: rows.data.total })}
        </p>
      ) : null}
      {rows.data && rows.data.items.length === 0 ? <p className="muted">{t('worksheets.noRows')}</p> : null}
    </div>
  );
}

function RowsTable({ rows }: { rows: UploadRow[] }) {
  const { t, i18n } = useTranslation();
  if (rows.length === 0) return null;
  const zh = i18n.language.startsWith('zh');
  const field = (f: string) => t(`worksheets.field.${f}`, { defaultValue: f });
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="worksheet-rows">
        <thead>
          <tr>
            <th>{t('worksheets.columns.row')}</th>
            <th>{t('worksheets.columns.customerNo')}</th>
            <th>{t('worksheets.columns.outcome')}</th>
            <th>{t('worksheets.columns.result')}</th>
            <th>{t('worksheets.columns.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.seq} data-outcome={r.outcome}>
              <td className="nowrap small">
                {r.sheet} · {r.rowNo}
              </td>
              <td className="nowrap">{r.customerNo}</td>
              <td>
                <span className={`badge ${BADGE[r.outcome]}`}>{t(`worksheets.outcome.${r.outcome}`)}</span>
              </td>
              <td className="nowrap">{r.result ? t(`worksheets.result.${r.result}`) : ''}</td>
              <td className="cell-wrap">
                {r.errors.map((e, i) => (
                  <div key={i} className="text-danger">
                    【{e.column}】{zh ? e.zh : e.en}
                  </div>
                ))}
                {Object.entries(r.changes).map(([f, c]) => (
                  <div key={f} className="change-cell">
                    {field(f)}：
                    {r.outcome === 'conflict' && r.currentValues ? (
                      <>
                        <span className="change-cell__old">
                          {t('worksheets.current')} {r.currentValues[f] ?? c.old}
                        </span>
                      </>
                    ) : (
                      <span className="change-cell__old">{c.old || '—'}</span>
                    )}
                    <span className="change-cell__arrow"> → </span>
                    <span className="change-cell__new">{c.new}</span>
                  </div>
                ))}
                {r.note && r.outcome !== 'error' ? (
                  <div className="muted small">{r.note.split(' / ')[zh ? 0 : 1] ?? r.note}</div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
