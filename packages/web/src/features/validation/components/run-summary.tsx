import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.ts';
import type { FindingFilter, Run, RunSummary, SummaryLevel } from '../api/validation-api.ts';
import { CountsTable, type CountRow } from './counts-table.tsx';
import type { RegionIndex } from './region-index.ts';
import { formatPercent, scoreTone } from './run-format.ts';
import { UnitScoreTable } from './unit-score-table.tsx';

type RunSummaryProps = {
  run: Run;
  level: SummaryLevel;
  summary: RunSummary;
  /** The unit drilled into (a city at county level, a county at station level); null at the top. */
  parent: string | null;
  index: RegionIndex;
  crumbs: { label: string; onClick?: () => void }[];
  onOpen: (code: string) => void;
  onPick: (filter: Partial<FindingFilter>) => void;
};

// recharts is most of the bundle's weight: only pages that draw a chart download it.
const FindingsByFieldChart = lazy(() =>
  import('./findings-by-field-chart.tsx').then((module) => ({ default: module.FindingsByFieldChart })),
);

const unitOf = (level: SummaryLevel, row: RunSummary['counts'][number]) =>
  (level === 'city' ? row.cityCode : level === 'county' ? row.countyCode : row.stationCode) ?? '';

export function RunSummarySection({
  run,
  level,
  summary,
  parent,
  index,
  crumbs,
  onOpen,
  onPick,
}: RunSummaryProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const parentLevel = level === 'county' ? 'city' : 'county';
  const inParent = (code: string) => parent === null || index.parentOf(code, parentLevel) === parent;
  const units = summary.units.filter((unit) => inParent(unit.code));
  const counts = summary.counts.filter((row) => inParent(unitOf(level, row)));

  const findingsByUnit = new Map<string, number>();
  const byField = new Map<string, number>();
  const byRule = new Map<string, CountRow>();
  for (const row of counts) {
    const unit = unitOf(level, row);
    findingsByUnit.set(unit, (findingsByUnit.get(unit) ?? 0) + row.findings);
    byField.set(row.field, (byField.get(row.field) ?? 0) + row.findings);
    const key = `${row.field}|${row.ruleId}|${row.severity}`;
    const acc = byRule.get(key) ?? {
      field: row.field,
      ruleId: row.ruleId,
      severity: row.severity,
      customers: 0,
      findings: 0,
    };
    acc.customers += row.customers;
    acc.findings += row.findings;
    byRule.set(key, acc);
  }
  const checked = units.reduce((sum, unit) => sum + unit.customersChecked, 0);
  const withError = units.reduce((sum, unit) => sum + unit.customersWithError, 0);
  const findings = counts.reduce((sum, row) => sum + row.findings, 0);
  const score = checked > 0 ? 1 - withError / checked : null;

  const stats: [string, string, string?][] = [
    [t('validation.summary.checked'), n(checked)],
    [t('validation.summary.withError'), n(withError), withError > 0 ? 'stat--danger' : undefined],
    [t('validation.summary.findings'), n(findings)],
    [t('validation.summary.score'), formatPercent(score, i18n.language), `stat--score-${scoreTone(score)}`],
    [t('validation.summary.ruleSet'), `v${run.ruleSetVersion}`],
  ];

  return (
    <section className="card" data-testid="run-summary">
      <div className="card__title card__title--row">
        <h2 className="card__heading">{t('validation.summary.title', { id: run.id })}</h2>
        <nav className="crumbs" aria-label={t('validation.summary.crumbs')}>
          {crumbs.map((crumb, i) => (
            <span className="crumbs__item" key={`${crumb.label}-${i}`}>
              {i > 0 ? (
                <span className="crumbs__sep" aria-hidden="true">
                  /
                </span>
              ) : null}
              {crumb.onClick ? (
                <button type="button" className="link-button" onClick={crumb.onClick}>
                  {crumb.label}
                </button>
              ) : (
                <span className="crumbs__current">{crumb.label}</span>
              )}
            </span>
          ))}
        </nav>
      </div>
      <div className="card__content">
        <div className="stats stats--5" data-testid="summary-stats">
          {stats.map(([label, value, className]) => (
            <div className={`stat ${className ?? ''}`} key={label}>
              <div className="stat__value">{value}</div>
              <div className="stat__label">{label}</div>
            </div>
          ))}
        </div>
        <div className="summary-grid">
          <div className="summary-grid__main">
            <h3 className="section-title">{t(`validation.summary.scoresBy.${level}`)}</h3>
            <UnitScoreTable level={level} units={units} findingsByUnit={findingsByUnit} onOpen={onOpen} />
          </div>
          <div className="summary-grid__side">
            <h3 className="section-title">{t('validation.summary.chartTitle')}</h3>
            {byField.size > 0 ? (
              <Suspense fallback={<div className="chart" />}>
                <FindingsByFieldChart
                  byField={[...byField]
                    .map(([field, count]) => ({ field, findings: count }))
                    .sort((a, b) => b.findings - a.findings)}
                />
              </Suspense>
            ) : (
              <p className="muted">{t('validation.summary.noFindings')}</p>
            )}
          </div>
        </div>
        <div>
          <h3 className="section-title">
            {t('validation.summary.countsTitle')}
            <span className="section-title__count">{byRule.size}</span>
          </h3>
          <CountsTable rows={[...byRule.values()].sort((a, b) => b.findings - a.findings)} onPick={onPick} />
        </div>
      </div>
    </section>
  );
}
