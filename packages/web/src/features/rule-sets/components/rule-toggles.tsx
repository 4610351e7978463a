import { useTranslation } from 'react-i18next';
import { templateText } from '../../../lib/format.ts';
import type { RuleView, Severity } from '../api/rule-sets-api.ts';
import { fieldLabel, kindLabel } from './rule-labels.ts';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

type RuleTogglesProps = {
  rules: RuleView[];
  onChange: (index: number, patch: { enabled?: boolean; severity?: Severity }) => void;
};

/** Quick changes without touching the JSON: switch a rule on or off, change its severity. */
export function RuleToggles({ rules, onChange }: RuleTogglesProps) {
  const { t, i18n } = useTranslation();
  const isEnglish = i18n.language === 'en';
  return (
    <div className="table-scroll toggles-scroll">
      <table className="table table--compact" data-testid="rule-toggles">
        <thead>
          <tr>
            <th>{t('ruleSets.rules.enabled')}</th>
            <th>{t('ruleSets.rules.id')}</th>
            <th>{t('ruleSets.rules.field')}</th>
            <th>{t('ruleSets.rules.kind')}</th>
            <th>{t('ruleSets.rules.severity')}</th>
            <th>{t('ruleSets.rules.message')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr
              key={`${rule.id}-${index}`}
              data-rule-id={rule.id}
              className={rule.enabled ? undefined : 'is-disabled'}
            >
              <td>
                <label className="switch">
                  <input
                    type="checkbox"
                    checked={rule.enabled}
                    aria-label={t('ruleSets.editor.toggle', { id: rule.id })}
                    onChange={(e) => onChange(index, { enabled: e.target.checked })}
                  />
                  <span className="switch__track" aria-hidden="true" />
                </label>
              </td>
              <td className="tabular nowrap cell-strong">{rule.id}</td>
              <td className="nowrap">{fieldLabel(t, rule.field)}</td>
              <td className="nowrap">{kindLabel(t, rule.kind)}</td>
              <td>
                <select
                  className="input select select--small"
                  value={rule.severity}
                  aria-label={t('ruleSets.editor.severityOf', { id: rule.id })}
                  onChange={(e) => onChange(index, { severity: e.target.value as Severity })}
                >
                  {SEVERITIES.map((severity) => (
                    <option key={severity} value={severity}>
                      {t(`severity.${severity}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td className="rule-message">{templateText(isEnglish ? rule.message.en : rule.message.zh)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
