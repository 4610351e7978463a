// The campaign dashboard: the province view (cities) for coordinators and provincial managers,
// the city view (counties and stations) for city teams — or for the province, opened on one city.
import { useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { useSession } from '../../../lib/session.tsx';
import { useApiQuery, type QueryState } from '../../../lib/use-api-query.ts';
import { ReverifyDueCard } from './reverify-due-card.tsx';
import {
  exportUrl,
  printRecorded,
  fetchCampaign,
  fetchGate,
  fetchKpis,
  fetchQuality,
  fetchRanking,
  fetchRoundTrip,
  fetchTrend,
  fetchWorkStatus,
  type PeriodKind,
} from '../api/dashboard-api.ts';
import { KpiCards } from './kpi-cards.tsx';
import { PhaseTimeline } from './phase-timeline.tsx';
import { QualityTable } from './quality-table.tsx';
import { RankingTable } from './ranking-table.tsx';
import { RoundTripPanel } from './round-trip.tsx';
import { GateList, WorkStatusList } from './side-lists.tsx';
import { TrendChart } from './trend-chart.tsx';
import '../dashboard.css';

/** Lines the city view draws at first (its counties furthest behind); the others can be ticked. */
const CITY_VIEW_LINES = 5;

function Section<T>({
  title,
  query,
  children,
  testId,
}: {
  title: string;
  query: QueryState<T>;
  children: (data: T) => ReactNode;
  testId?: string;
}) {
  return (
    <section className="card dash-card" data-testid={testId}>
      <h2 className="card__title">{title}</h2>
      <div className="card__content">
        {query.error ? (
          <ErrorPanel error={query.error} onRetry={query.reload} />
        ) : query.data ? (
          children(query.data)
        ) : (
          <LoadingPanel />
        )}
      </div>
    </section>
  );
}

export function DashboardPage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const isProvinceUser = session.status === 'authenticated' && !session.user.cityCode;
  const unit = params.get('unit') ?? undefined;
  const kpis = useApiQuery((s) => fetchKpis(unit, s), [unit]);
  const [period, setPeriod] = useState<PeriodKind>('week');
  const ranking = useApiQuery((s) => fetchRanking(unit, period, s), [unit, period]);
  const trend = useApiQuery((s) => fetchTrend(unit, period, s), [unit, period]);
  const roundTrip = useApiQuery((s) => fetchRoundTrip(unit, s), [unit]);
  const quality = useApiQuery((s) => fetchQuality(unit, s), [unit]);
  const gate = useApiQuery((s) => fetchGate(unit, s), [unit]);
  const work = useApiQuery((s) => fetchWorkStatus(unit, s), [unit]);
  const campaign = useApiQuery((s) => fetchCampaign(s), []);
  const open = (code: string | undefined) => setParams(code ? { unit: code } : {});
  // Known before the KPIs arrive (a city team's own scope, or a unit opened): the trend chart
  // picks its lines when first drawn, and the trend may come back first.
  const isCityView = kpis.data
    ? kpis.data.region.level !== 'province'
    : Boolean(unit) || (session.status === 'authenticated' && Boolean(session.user.cityCode));
  const ownRow = ranking.data?.items.find((i) => i.unitCode === kpis.data?.region.code);
  const children =
    ranking.data?.items.filter((i) => i.level !== 'province' && i.unitCode !== kpis.data?.region.code) ?? [];
  // a city's counties and its stations rank separately: one table, one rank sequence each
  const topLevel = children.filter((i) => i.level !== 'station');
  const stations = children.filter((i) => i.level === 'station');
  const week = ranking.data?.periodKey ?? null;
  return (
    <div className="page dashboard">
      <PageHeader
        title={
          isCityView ? t('dashboard.cityTitle', { name: ownRow?.name ?? '' }) : t('dashboard.provinceTitle')
        }
        subtitle={t(period === 'month' ? 'dashboard.subtitleMonth' : 'dashboard.subtitle', {
          phase: kpis.data ? t(`dashboard.phase.${kpis.data.phase}`) : '…',
          week: ranking.data?.periodKey ?? '—',
        })}
        actions={
          <div className="toolbar no-print">
            {isProvinceUser && unit ? (
              <button type="button" className="button" onClick={() => open(undefined)}>
                {t('dashboard.backToProvince')}
              </button>
            ) : null}
            <a className="button" href={exportUrl('week')} download>
              {t('dashboard.exportWeek')}
            </a>
            <a className="button" href={exportUrl('month')} download>
              {t('dashboard.exportMonth')}
            </a>
            <button type="button" className="button button--primary" onClick={() => void printRecorded(unit)}>
              {t('dashboard.print')}
            </button>
          </div>
        }
      />
      {kpis.error ? (
        <ErrorPanel error={kpis.error} onRetry={kpis.reload} />
      ) : kpis.data ? (
        <KpiCards kpis={kpis.data} />
      ) : (
        <LoadingPanel />
      )}
      {isCityView && ownRow ? (
        <p className="dash-citystand" data-testid="city-standing">
          {t('dashboard.cityStanding', { rank: ownRow.rank ?? '—', count: ranking.data?.cityCount ?? '—' })}
        </p>
      ) : null}
      <Section title={t('dashboard.timeline.title')} query={campaign}>
        {(c) => <PhaseTimeline campaign={c} />}
      </Section>
      <Section title={t('dashboard.roundTrip.title')} query={roundTrip} testId="round-trip">
        {(d) => <RoundTripPanel data={d} />}
      </Section>
      <div
        className="toolbar no-print"
        role="group"
        aria-label={t('dashboard.period.label')}
        data-testid="period-switch"
      >
        {(['week', 'month'] as const).map((p) => (
          <button
            key={p}
            type="button"
            className={`button${period === p ? ' button--primary' : ''}`}
            aria-pressed={period === p}
            onClick={() => setPeriod(p)}
          >
            {t(`dashboard.period.${p}`)}
          </button>
        ))}
      </div>
      <Section
        title={t(isCityView ? 'dashboard.trend.cityTitle' : 'dashboard.trend.title')}
        query={trend}
        testId="trend"
      >
        {(d) =>
          d.points.length === 0 ? (
            <p className="muted">{t('dashboard.noSnapshot')}</p>
          ) : (
            <TrendChart
              key={isCityView ? 'city' : 'province'}
              trend={d}
              limit={isCityView ? CITY_VIEW_LINES : undefined}
            />
          )
        }
      </Section>
      <Section
        title={t(isCityView ? 'dashboard.ranking.cityTitle' : 'dashboard.ranking.title')}
        query={ranking}
        testId="ranking"
      >
        {() =>
          children.length === 0 ? (
            <p className="muted">{t('dashboard.noSnapshot')}</p>
          ) : (
            <RankingTable
              items={topLevel}
              week={week}
              period={period}
              onOpen={isProvinceUser ? (code) => open(code) : undefined}
            />
          )
        }
      </Section>
      {stations.length > 0 ? (
        <Section title={t('dashboard.ranking.stationTitle')} query={ranking} testId="ranking-stations-card">
          {() => <RankingTable items={stations} week={week} period={period} testId="ranking-stations" />}
        </Section>
      ) : null}
      {/* full width: its eight columns, the score among the first, fit without a scroll at desk size */}
      <Section title={t('dashboard.quality.title')} query={quality} testId="quality">
        {(d) =>
          d.items.length === 0 ? (
            <p className="muted">{t('dashboard.noSnapshot')}</p>
          ) : (
            <QualityTable quality={d} />
          )
        }
      </Section>
      <div className="dash-grid">
        <Section title={t('dashboard.gate.title')} query={gate} testId="gate">
          {(d) => <GateList gate={d} />}
        </Section>
        <Section
          title={t('dashboard.work.title', { week: work.data?.week ?? '' })}
          query={work}
          testId="work"
        >
          {(d) => <WorkStatusList status={d} />}
        </Section>
      </div>
      <ReverifyDueCard unit={unit} />
    </div>
  );
}
