// 供电所进度: per station, the cycle's progress and the worksheets still out — who exported (holds)
// each file, when, its rows for the station and how many came back.
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatNumber, formatRate, orDash } from '../../../lib/format.ts';
import type { StationProgress } from '../api/worksheets-api.ts';

export function StationProgressTable({ items }: { items: StationProgress[] }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, i18n.language));
  if (items.length === 0) return <p className="muted">{t('worksheets.stations.empty')}</p>;
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="station-progress">
        <thead>
          <tr>
            <th>{t('worksheets.stations.station')}</th>
            <th className="num">{t('worksheets.stations.customers')}</th>
            <th className="num">{t('worksheets.stations.verified')}</th>
            <th className="num">{t('worksheets.stations.completion')}</th>
            <th>{t('worksheets.stations.open')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.code} data-station={s.code}>
              <td className="nowrap">{s.name}</td>
              <td className="num">{n(s.customers)}</td>
              <td className="num">{n(s.verified)}</td>
              <td className="num">{formatRate(s.completionPct / 100)}</td>
              <td className="cell-wrap">
                {s.openExports.length === 0 ? (
                  <span className="muted">{t('worksheets.stations.noneOpen')}</span>
                ) : (
                  <ul className="open-exports">
                    {s.openExports.map((e) => (
                      <li key={e.id} data-export-id={e.id}>
                        {t('worksheets.stations.openExport', {
                          id: e.id,
                          user: orDash(e.userName),
                          time: formatDateTime(e.createdAt, i18n.language),
                          rows: n(e.rows),
                          returned: n(e.returned),
                        })}
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
