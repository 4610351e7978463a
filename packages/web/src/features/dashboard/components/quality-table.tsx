import { useTranslation } from 'react-i18next';
import type { Quality } from '../api/dashboard-api.ts';
import { score } from './format.ts';

export function QualityTable({ quality }: { quality: Quality }) {
  const { t } = useTranslation();
  const dims = ['progress', 'normativity', 'timeliness', 'quality', 'sample'] as const;
  return (
    <div className="table-scroll">
      <table className="table" data-testid="quality-table">
        <thead>
          <tr>
            <th className="num">{t('dashboard.ranking.rank')}</th>
            <th>{t('dashboard.ranking.unit')}</th>
            {/* the score the rank follows comes first, never behind a scroll */}
            <th className="num">{t('dashboard.quality.score')}</th>
            {dims.map((d) => (
              <th className="num" key={d}>
                {t(`dashboard.quality.${d}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {quality.items.map((r) => (
            <tr key={r.cityCode} data-unit={r.cityCode}>
              <td className="num">{r.rank}</td>
              <td>{r.name}</td>
              <td className="num" data-testid="quality-score">
                <strong>{score(r.score)}</strong>
              </td>
              {dims.map((d) => (
                <td className="num" key={d}>
                  {score(r[d])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
