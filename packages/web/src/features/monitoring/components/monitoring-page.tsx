// 质量监测: the lights per unit for a week, a unit's trend, what moved by rule, drill-down to the
// findings (the validation page, filtered) and, for coordinators, the thresholds and a refresh.
// The path (city → county → station) and the week live in the URL.
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { errorMessage } from '../../../lib/error-message.ts';
import { useCurrentUser } from '../../../lib/session.tsx';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  fetchOverview,
  fetchRuleMoves,
  fetchTrend,
  refreshWeek,
  type UnitFigures,
} from '../api/monitoring-api.ts';
import { LightBadge, pct, signed } from './light-badge.tsx';
import { QualityTrendChart } from './quality-trend-chart.tsx';
import { SettingsForm } from './settings-form.tsx';
import '../monitoring.css';

type Path = { city?: string; county?: string; station?: string };

function findingsLink(path: Path, extra: Record<string, string> = {}) {
  const p = new URLSearchParams();
  if (path.city) p.set('city', path.city);
  if (path.county) p.set('county', path.county);
  if (path.station) p.set('station', path.station);
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  const q = p.toString();
  return `/validation${q ? `?${q}` : ''}`;
}

export function MonitoringPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const isCoordinator = user.role === 'admin' || user.role === 'coordinator';
  const [params, setParams] = useSearchParams();
  const path: Path = {
    city: params.get('city') ?? undefined,
    county: params.get('county') ?? undefined,
    station: params.get('station') ?? undefined,
  };
  const unit = path.station ?? path.county ?? path.city;
  const week = params.get('week') ?? undefined;
  const overview = useApiQuery((s) => fetchOverview(unit, week, s), [unit, week]);
  const trend = useApiQuery((s) => fetchTrend(unit, s), [unit]);
  const rules = useApiQuery((s) => fetchRuleMoves(unit, week, s), [unit, week]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const go = (next: Path & { week?: string }) => {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...next, week: next.week ?? week })) if (v) p.set(k, v);
    setParams(p);
  };
  const open = (u: UnitFigures) => {
    if (!u.code) return;
    if (u.level === 'city') go({ city: u.code });
    else if (u.level === 'county') go({ ...path, county: u.code, station: undefined });
    else if (u.level === 'station') go({ ...path, station: u.code });
  };
  const rowPath = (u: UnitFigures): Path =>
    u.level === 'city'
      ? { city: u.code ?? undefined }
      : u.level === 'county'
        ? { city: path.city, county: u.code ?? undefined }
        : { ...path, station: u.code ?? undefined };
  const refresh = async () => {
    setBusy(true);
    setNotice(null);
    try {
      const r = await refreshWeek();
      setNotice(t('monitoring.refreshed', { week: r.week, stations: r.stations }));
      overview.reload();
      trend.reload();
      rules.reload();
    } catch (e) {
      setNotice(errorMessage(t, e));
    } finally {
      setBusy(false);
    }
  };

  const data = overview.data;
  return (
    <div className="page monitoring">
      <PageHeader
        title={t('monitoring.title')}
        subtitle={
          data?.week
            ? t('monitoring.subtitle', { week: data.week, unit: data.unit?.name ?? '' })
            : t('monitoring.subtitleEmpty')
        }
        actions={
          <div className="monitoring__actions">
            {data && data.weeks.length > 0 ? (
              <select
                aria-label={t('monitoring.week')}
                value={data.week ?? ''}
                onChange={(e) => go({ ...path, week: e.target.value })}
              >
                {data.weeks.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </select>
            ) : null}
            {unit ? (
              <button type="button" className="button button--ghost" onClick={() => go({})}>
                {t('monitoring.backToTop')}
              </button>
            ) : null}
            {isCoordinator ? (
              <button type="button" className="button" disabled={busy} onClick={() => void refresh()}>
                {t('monitoring.refresh')}
              </button>
            ) : null}
          </div>
        }
      />
      {notice ? <p className="notice">{notice}</p> : null}
      {overview.error ? (
        <ErrorPanel error={overview.error} onRetry={overview.reload} />
      ) : !data ? (
        <LoadingPanel />
      ) : !data.week ? (
        <p className="muted">{t('monitoring.noWeek')}</p>
      ) : (
        <>
          <section className="card">
            <h2 className="card__title">{t('monitoring.lightsTitle')}</h2>
            <div className="card__content table-wrap">
              <table className="table" data-testid="lights">
                <thead>
                  <tr>
                    <th>{t('monitoring.col.unit')}</th>
                    <th>{t('monitoring.col.light')}</th>
                    <th>{t('monitoring.col.qualityScore')}</th>
                    <th>{t('monitoring.col.new')}</th>
                    <th>{t('monitoring.col.fixed')}</th>
                    <th>{t('monitoring.col.open')}</th>
                    <th>{t('monitoring.col.gate')}</th>
                    <th>{t('monitoring.col.reasons')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {[...(data.unit ? [data.unit] : []), ...data.units].map((u, i) => (
                    <tr
                      key={`${u.level}:${u.code ?? ''}`}
                      className={i === 0 ? 'monitoring__own' : undefined}
                    >
                      <td>
                        {i > 0 && u.level !== 'station' ? (
                          <button type="button" className="link-button" onClick={() => open(u)}>
                            {u.name}
                          </button>
                        ) : (
                          u.name
                        )}
                      </td>
                      <td>
                        <LightBadge light={u.light} />
                      </td>
                      <td>
                        {u.score === null ? '—' : u.score.toFixed(2)}{' '}
                        <span className="muted">{signed(u.scoreChange)}</span>
                      </td>
                      <td>{u.newDefects ?? '—'}</td>
                      <td>{u.fixedDefects ?? '—'}</td>
                      <td>{u.openDefects}</td>
                      <td>
                        {pct(u.gateRate)} <span className="muted">({pct(u.gateRatePrev)})</span>
                      </td>
                      <td>{u.reasons.map((r) => t(`monitoring.reason.${r}`)).join('、') || '—'}</td>
                      <td>
                        <Link to={findingsLink(i === 0 ? path : rowPath(u))}>{t('monitoring.findings')}</Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <div className="monitoring__grid">
            <section className="card" data-testid="quality-trend">
              <h2 className="card__title">{t('monitoring.trendTitle', { unit: trend.data?.name ?? '' })}</h2>
              <div className="card__content">
                {trend.data ? <QualityTrendChart trend={trend.data} /> : <LoadingPanel />}
              </div>
            </section>
            <section className="card">
              <h2 className="card__title">{t('monitoring.rulesTitle')}</h2>
              <div className="card__content table-wrap">
                <table className="table" data-testid="rule-moves">
                  <thead>
                    <tr>
                      <th>{t('monitoring.col.rule')}</th>
                      <th>{t('monitoring.col.new')}</th>
                      <th>{t('monitoring.col.fixed')}</th>
                      <th>{t('monitoring.col.open')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {(rules.data?.items ?? []).map((r) => (
                      <tr key={r.ruleId}>
                        <td>
                          <Link to={findingsLink(path, { rule: r.ruleId })}>{r.ruleId}</Link>
                        </td>
                        <td>{r.newDefects ?? '—'}</td>
                        <td>{r.fixedDefects ?? '—'}</td>
                        <td>{r.openDefects}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </div>
          {isCoordinator ? <SettingsForm settings={data.settings} onSaved={overview.reload} /> : null}
        </>
      )}
    </div>
  );
}
