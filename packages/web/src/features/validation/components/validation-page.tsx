import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/page-header.tsx';
import { EmptyPanel, ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import { useCurrentUser } from '../../../lib/session.tsx';
import { isRunActive, type Run } from '../api/validation-api.ts';
import { useCityUnits } from '../hooks/use-run-results.ts';
import { useRuns } from '../hooks/use-runs.ts';
import { useStartRun } from '../hooks/use-start-run.ts';
import { useValidationSearchParams } from '../hooks/use-validation-search-params.ts';
import { RunProgress } from './run-progress.tsx';
import { RunResults } from './run-results.tsx';
import { RunStatusBadge } from './run-status-badge.tsx';
import { RunsTable } from './runs-table.tsx';
import { StartRunForm } from './start-run-form.tsx';
import '../validation.css';

const NO_FILTER = { field: '', ruleId: '', severity: '', stationCode: '' };

export function ValidationPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  // Managers (and anyone else the API would refuse) see the results read-only.
  const canRun = user.role === 'admin' || user.role === 'coordinator' || user.role === 'city_member';
  const params = useValidationSearchParams();
  const runs = useRuns();
  const { items } = runs;
  const selected =
    items.find((run) => run.id === params.runId) ??
    items.find((run) => run.status === 'completed') ??
    items[0];

  const cityUnits = useCityUnits(runs.data?.items).data?.units ?? [];
  const cityName = (code: string) =>
    cityUnits.find((unit) => unit.code === code)?.name ?? (code === user.cityCode ? user.scopeName : code);
  const scopeName = (run: Run) => (run.cityCode ? cityName(run.cityCode) : t('validation.scope.province'));

  const { update } = params;
  const { reload, showStarted } = runs;
  const onStarted = useCallback(
    (run: Run) => {
      showStarted(run);
      update({ runId: run.id, city: null, county: null, filter: NO_FILTER });
      reload();
    },
    [update, reload, showStarted],
  );
  const { state, start } = useStartRun(onStarted);
  const hasActiveRun = items.some(isRunActive);

  function runsList() {
    if (runs.error && !runs.hasLoaded) return <ErrorPanel error={runs.error} onRetry={runs.reload} />;
    if (!runs.hasLoaded) return <LoadingPanel />;
    if (items.length === 0) {
      return (
        <EmptyPanel
          title={t('validation.runs.empty')}
          hint={canRun ? t('validation.runs.emptyHint') : t('validation.runs.emptyHintReadOnly')}
        />
      );
    }
    return (
      <RunsTable
        items={items}
        selectedId={selected?.id ?? null}
        scopeName={scopeName}
        onSelect={(id) => update({ runId: id, city: null, county: null, filter: NO_FILTER })}
      />
    );
  }

  return (
    <div className="page">
      <PageHeader
        title={t('validation.title')}
        subtitle={canRun ? t('validation.subtitle') : t('validation.subtitleReadOnly')}
      />
      {canRun ? (
        <section className="card">
          <h2 className="card__title">{t('validation.start.title')}</h2>
          <div className="card__content">
            <StartRunForm
              cities={cityUnits.map(({ code, name }) => ({ code, name }))}
              isStarting={state.status === 'starting'}
              isRunning={runs.isStartedRunActive}
              hasActiveRun={hasActiveRun}
              error={state.status === 'error' ? state.error : undefined}
              onStart={(unitCode) => void start(unitCode)}
            />
          </div>
        </section>
      ) : null}
      {selected && isRunActive(selected) ? (
        <section className="card run-live" data-testid="run-live" aria-live="polite">
          <div className="card__content">
            <div className="run-live__head">
              <strong>{t('validation.live.title', { id: selected.id, scope: scopeName(selected) })}</strong>
              <RunStatusBadge status={selected.status} />
              <span className="muted small">{t('validation.live.hint')}</span>
            </div>
            <RunProgress run={selected} />
          </div>
        </section>
      ) : null}
      <section className="card">
        <h2 className="card__title">{t('validation.runs.title')}</h2>
        <div className="card__body">{runsList()}</div>
      </section>
      {selected?.status === 'failed' ? (
        <div className="alert alert--error" role="alert">
          {t('validation.failed', { id: selected.id })}
          {selected.error ? <div className="small">{selected.error}</div> : null}
        </div>
      ) : null}
      {selected?.status === 'completed' ? (
        <RunResults
          key={selected.id}
          run={selected}
          params={params}
          provinceName={t('validation.scope.province')}
        />
      ) : null}
    </div>
  );
}
