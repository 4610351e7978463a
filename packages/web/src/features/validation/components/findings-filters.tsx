import { useTranslation } from 'react-i18next';
import type { FindingFilter } from '../api/validation-api.ts';

const FIELDS = ['name', 'mobile', 'landline', 'address', 'cert_no', 'cert_type', 'customer_type'] as const;
const SEVERITIES = ['error', 'warning', 'info'] as const;

export type StationGroup = { label: string; stations: { code: string; name: string }[] };

type FindingsFiltersProps = {
  filter: FindingFilter;
  stationGroups: StationGroup[];
  isLoadingStations: boolean;
  rules: { ruleId: string; field: string }[];
  onChange: (filter: Partial<FindingFilter>) => void;
};

export function FindingsFilters({
  filter,
  stationGroups,
  isLoadingStations,
  rules,
  onChange,
}: FindingsFiltersProps) {
  const { t } = useTranslation();
  const fieldName = (field: string) => t(`fieldNames.${field}`, { defaultValue: field });
  const visibleRules = rules.filter((rule) => !filter.field || rule.field === filter.field);
  const isFiltered = Object.values(filter).some(Boolean);

  return (
    <div className="filters" data-testid="findings-filters">
      <label className="filters__item">
        <span className="filters__label">{t('validation.findings.station')}</span>
        <select
          className="input select"
          value={filter.stationCode}
          onChange={(e) => onChange({ stationCode: e.target.value })}
        >
          <option value="">
            {isLoadingStations ? t('common.loading') : t('validation.findings.allStations')}
          </option>
          {stationGroups.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.stations.map((station) => (
                <option key={station.code} value={station.code}>
                  {station.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="filters__item">
        <span className="filters__label">{t('validation.findings.field')}</span>
        <select
          className="input select"
          value={filter.field}
          onChange={(e) => onChange({ field: e.target.value, ruleId: '' })}
        >
          <option value="">{t('validation.findings.allFields')}</option>
          {FIELDS.map((field) => (
            <option key={field} value={field}>
              {fieldName(field)}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__item">
        <span className="filters__label">{t('validation.findings.rule')}</span>
        <select
          className="input select"
          value={filter.ruleId}
          onChange={(e) => onChange({ ruleId: e.target.value })}
        >
          <option value="">{t('validation.findings.allRules')}</option>
          {visibleRules.map((rule) => (
            <option key={rule.ruleId} value={rule.ruleId}>
              {rule.ruleId} · {fieldName(rule.field)}
            </option>
          ))}
        </select>
      </label>
      <label className="filters__item">
        <span className="filters__label">{t('validation.findings.severity')}</span>
        <select
          className="input select"
          value={filter.severity}
          onChange={(e) => onChange({ severity: e.target.value })}
        >
          <option value="">{t('validation.findings.allSeverities')}</option>
          {SEVERITIES.map((severity) => (
            <option key={severity} value={severity}>
              {t(`severity.${severity}`)}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="button button--ghost filters__reset"
        disabled={!isFiltered}
        onClick={() => onChange({ field: '', ruleId: '', severity: '', stationCode: '' })}
      >
        {t('common.reset')}
      </button>
    </div>
  );
}
