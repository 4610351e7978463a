import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { PeriodKind, RankingItem } from '../api/dashboard-api.ts';
import { pct, signedPct } from './format.ts';
import { RankChange, StatusDot } from './status-dot.tsx';

/**
 * One level of units in rank order (cities, or a city's counties, or its stations): one rank
 * sequence per table. Completion, change and rank are the stored week's (or month's); 当前完成率, 应达进度 and
 * the light are today's, computed as the KPI cards compute theirs.
 */
export function RankingTable({
  items,
  week,
  period = 'week',
  testId = 'ranking-table',
  onOpen,
}: {
  items: RankingItem[];
  week: string | null;
  period?: PeriodKind;
  testId?: string;
  onOpen?: (code: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const sorted = [...items].sort(
    (a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.unitCode.localeCompare(b.unitCode),
  );
  return (
    <div className="table-scroll">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th className="num">{t('dashboard.ranking.rank')}</th>
            <th>{t('dashboard.ranking.unit')}</th>
            <th className="num">{t('dashboard.ranking.inScope')}</th>
            <th className="num">{t('dashboard.ranking.verified')}</th>
            <th className="num">
              {week ? t('dashboard.ranking.weekCompletion', { week }) : t('dashboard.ranking.completion')}
            </th>
            <th className="num">
              {t(period === 'month' ? 'dashboard.ranking.changeMonth' : 'dashboard.ranking.change')}
            </th>
            <th className="num">{t('dashboard.ranking.rankChange')}</th>
            <th className="num">{t('dashboard.ranking.live')}</th>
            <th className="num">{t('dashboard.ranking.expected')}</th>
            <th>{t('dashboard.ranking.status')}</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={`${r.level}:${r.unitCode}`} data-unit={r.unitCode} data-rank={r.rank ?? ''}>
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
              <td className="num">{pct(r.liveCompletionPct)}</td>
              <td className="num" data-testid="expected">
                {pct(r.expectedPct)}
              </td>
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
