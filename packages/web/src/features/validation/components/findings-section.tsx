import { useTranslation } from 'react-i18next';
import { Pager } from '../../../components/pager.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { FINDINGS_PAGE_SIZE, findingsCsvUrl, type FindingFilter, type Run } from '../api/validation-api.ts';
import { useFindings } from '../hooks/use-run-results.ts';
import { FindingsFilters, type StationGroup } from './findings-filters.tsx';
import { FindingsTable } from './findings-table.tsx';
import type { RegionIndex } from './region-index.ts';

type FindingsSectionProps = {
  run: Run;
  filter: FindingFilter;
  page: number;
  index: RegionIndex;
  stationGroups: StationGroup[];
  isLoadingStations: boolean;
  rules: { ruleId: string; field: string }[];
  onFilter: (filter: Partial<FindingFilter>) => void;
  onPage: (page: number) => void;
};

export function FindingsSection(props: FindingsSectionProps) {
  const { run, filter, page, index, onFilter, onPage } = props;
  const { t, i18n } = useTranslation();
  // a pruned run's rows are gone (the API answers 410): say so instead of asking
  const { data, error, isLoading, reload } = useFindings(run.findingsDroppedAt ? null : run.id, filter, page);

  if (run.findingsDroppedAt)
    return (
      <section className="card" id="findings" data-testid="findings">
        <div className="card__title">
          <h2 className="card__heading">{t('validation.findings.title')}</h2>
        </div>
        <div className="card__body" data-testid="findings-pruned">
          <EmptyPanel
            title={t('validation.findings.pruned', {
              at: formatDateTime(run.findingsDroppedAt, i18n.language),
            })}
            hint={t('validation.findings.prunedHint')}
          />
        </div>
      </section>
    );

  function body() {
    if (error) return <ErrorPanel error={error} onRetry={reload} />;
    if (!data) return <LoadingPanel />;
    if (data.items.length === 0) {
      return <EmptyPanel title={t('validation.findings.empty')} hint={t('validation.findings.emptyHint')} />;
    }
    return (
      <>
        <FindingsTable items={data.items} index={index} />
        <Pager page={page} pageSize={FINDINGS_PAGE_SIZE} total={data.total} onPage={onPage} />
      </>
    );
  }

  return (
    <section className="card" id="findings" data-testid="findings">
      <div className="card__title card__title--row">
        <h2 className="card__heading">{t('validation.findings.title')}</h2>
        <a className="button button--small" href={findingsCsvUrl(run.id)} download data-testid="export-csv">
          {t('validation.findings.export')}
        </a>
      </div>
      <div className="card__toolbar">
        <FindingsFilters
          filter={filter}
          stationGroups={props.stationGroups}
          isLoadingStations={props.isLoadingStations}
          rules={props.rules}
          onChange={onFilter}
        />
      </div>
      <div className={`card__body${isLoading && data ? ' is-reloading' : ''}`} aria-busy={isLoading}>
        {isLoading && data ? <div className="progress-line" aria-hidden="true" /> : null}
        {body()}
      </div>
    </section>
  );
}
