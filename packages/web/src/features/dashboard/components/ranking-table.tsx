import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { PeriodKind, RankingItem } from '../api/dashboard-api.ts';
import { pct, signedPct } from './format.ts';
import { RankChange, StatusDot } from './status-dot.tsx';

export function RankingTable({
  items,
  period = 'week',
  onOpen,
}: {
  items: RankingItem[];
  period?: PeriodKind;
  onOpen?: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="table-scroll">
      <table className="table" data-testid="ranking-table">
        <thead>
          <tr>
            <th className="num">{t('dashboard.ranking.rank')}</th>
            <th>{t('dashboard.ranking.unit')}</th>
            <th className="num">{t('dashboard.ranking.inScope')}</th>
            <th className="num">{t('dashboard.ranking.verified')}</th>
            <th className="num">{t('dashboard.ranking.completion')}</th>
            <th className="num">
              {t(period === 'month' ? 'dashboard.ranking.changeMonth' : 'dashboard.ranking.change')}
            </th>
            <th className="num">{t('dashboard.ranking.rankChange')}</th>
            <th className="num">{t('dashboard.ranking.expected')}</th>
            <th>{t('dashboard.ranking.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={`${r.level}:${r.unitCode}`} data-unit={r.unitCode}>
              <td className="num">{r.rank ?? '—'}</td>
              <td>
                {onOpen && r.level === 'city' ? (
                  <button type="button" className="link-button" onClick={() => onOpen(r.unitCode)}>
                    {r.name}
                  </button>
                ) : (
                  r.name
                )}
              </td>
              <td className="num">{formatNumber(r.inScope, i18n.language)}</td>
              <td className="num">{formatNumber(r.verified, i18n.language)}</td>
              <td className="num" data-testid="completion">
                {pct(r.completionPct)}
              </td>
              <td className="num">{signedPct(r.changePct)}</td>
              <td className="num">
                <RankChange value={r.rankChange} />
              </td>
              <td className="num">{pct(r.expectedPct)}</td>
              <td>
                <StatusDot status={r.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
