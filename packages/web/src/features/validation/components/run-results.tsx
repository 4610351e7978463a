import { useMemo } from 'react';
import { ErrorPanel, LoadingPanel } from '../../../components/status-panel.tsx';
import type { FindingFilter, Run, RunSummary } from '../api/validation-api.ts';
import { useRunSummary } from '../hooks/use-run-results.ts';
import type { useValidationSearchParams } from '../hooks/use-validation-search-params.ts';
import { FindingsSection } from './findings-section.tsx';
import type { StationGroup } from './findings-filters.tsx';
import { buildRegionIndex } from './region-index.ts';
import { RunSummarySection } from './run-summary.tsx';

type Params = ReturnType<typeof useValidationSearchParams>;

/** A completed run: the summary with its drill-down, then the findings. */
export function RunResults({
  run,
  params,
  provinceName,
}: {
  run: Run;
  params: Params;
  provinceName: string;
}) {
  const { update, filter } = params;
  // A run over one city starts the drill-down at that city.
  const city = params.city ?? run.cityCode;
  const county = params.county;

  // All three levels load with the run: county and station names label the findings table and the
  // station filter. (The station level is the largest answer; findings that carried their unit
  // names, or a units-with-parents endpoint, would spare it.)
  const citySummary = useRunSummary(run.id, 'city');
  const countySummary = useRunSummary(run.id, 'county');
  const stationSummary = useRunSummary(run.id, 'station');
  // Previous run's answers stay in the hooks while the next one loads: never mix them.
  const current = (data: RunSummary | undefined) => (data && data.run.id === run.id ? data : undefined);
  const cities = current(citySummary.data);
  const counties = current(countySummary.data);
  const stations = current(stationSummary.data);
  const index = useMemo(() => buildRegionIndex([cities, counties, stations]), [cities, counties, stations]);

  const level = county ? 'station' : city ? 'county' : 'city';
  const shown = level === 'city' ? cities : level === 'county' ? counties : stations;
  const failed = citySummary.error ?? countySummary.error ?? stationSummary.error;

  const rules = useMemo(() => {
    const seen = new Map<string, string>();
    for (const row of cities?.counts ?? []) seen.set(row.ruleId, row.field);
    return [...seen]
      .map(([ruleId, field]) => ({ ruleId, field }))
      .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  }, [cities]);

  const stationGroups: StationGroup[] = useMemo(() => {
    if (!stations) return [];
    const countyCodes = county
      ? [county]
      : (counties?.units ?? []).map((u) => u.code).filter((c) => !city || index.parentOf(c, 'city') === city);
    return countyCodes
      .map((code) => ({
        label: index.name(code) ?? code,
        stations: index.stationsOf(code).map((s) => ({ code: s, name: index.name(s) ?? s })),
      }))
      .filter((group) => group.stations.length > 0);
  }, [index, city, county, counties, stations]);

  const crumbs: { label: string; onClick?: () => void }[] = [];
  const rootLabel = run.cityCode ? (index.name(run.cityCode) ?? run.cityCode) : provinceName;
  crumbs.push({ label: rootLabel, onClick: () => update({ city: null, county: null }) });
  if (city && !run.cityCode)
    crumbs.push({ label: index.name(city) ?? city, onClick: () => update({ county: null }) });
  if (county) crumbs.push({ label: index.name(county) ?? county });
  crumbs[crumbs.length - 1] = { label: crumbs[crumbs.length - 1]!.label };

  const onFilter = (next: Partial<FindingFilter>) => update({ filter: next });
  const showFindings = () => document.getElementById('findings')?.scrollIntoView({ block: 'start' });

  return (
    <>
      {failed ? <ErrorPanel error={failed} onRetry={citySummary.reload} /> : null}
      {!failed && !shown ? <LoadingPanel /> : null}
      {shown ? (
        <RunSummarySection
          run={run}
          level={level}
          summary={shown}
          parent={level === 'city' ? null : level === 'county' ? city : county}
          index={index}
          crumbs={crumbs}
          onOpen={(code) => {
            if (level === 'city') update({ city: code, county: null });
            else if (level === 'county') update({ county: code });
            else {
              onFilter({ stationCode: code });
              showFindings();
            }
          }}
          onPick={(next) => {
            onFilter(next);
            showFindings();
          }}
        />
      ) : null}
      <FindingsSection
        run={run}
        filter={filter}
        page={params.page}
        index={index}
        stationGroups={stationGroups}
        isLoadingStations={!stations}
        rules={rules}
        onFilter={onFilter}
        onPage={(page) => update({ page })}
      />
    </>
  );
}
