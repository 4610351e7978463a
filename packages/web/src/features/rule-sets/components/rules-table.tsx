import { useTranslation } from 'react-i18next';
import type { RuleView } from '../api/rule-sets-api.ts';
import { appliesToLabel, fieldLabel, kindLabel } from './rule-labels.ts';
import { templateText } from '../../../lib/format.ts';
import { SeverityBadge } from '../../../components/severity-badge.tsx';

/** A version's rules, read-only, in document order. */
export function RulesTable({ rules }: { rules: RuleView[] }) {
  const { t, i18n } = useTranslation();
  const isEnglish = i18n.language === 'en';
  return (
    <div className="table-scroll">
      <table className="table table--compact" data-testid="rules-table">
        <thead>
          <tr>
            <th>{t('ruleSets.rules.id')}</th>
            <th>{t('ruleSets.rules.field')}</th>
            <th>{t('ruleSets.rules.kind')}</th>
            <th>{t('ruleSets.rules.severity')}</th>
            <th>{t('ruleSets.rules.appliesTo')}</th>
            <th>{t('ruleSets.rules.message')}</th>
            <th>{t('ruleSets.rules.enabled')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr
              key={`${rule.id}-${index}`}
              data-testid="rule-row"
              data-rule-id={rule.id}
              className={rule.enabled ? undefined : 'is-disabled'}
            >
              <td className="tabular nowrap cell-strong">{rule.id}</td>
              <td className="nowrap">{fieldLabel(t, rule.field)}</td>
              <td className="nowrap" title={rule.kind}>
                {kindLabel(t, rule.kind)}
              </td>
              <td>
                <SeverityBadge severity={rule.severity} />
              </td>
              <td>{appliesToLabel(t, rule.appliesTo, i18n.language)}</td>
              <td className="rule-message">{templateText(isEnglish ? rule.message.en : rule.message.zh)}</td>
              <td className="nowrap">
                <span className={`badge ${rule.enabled ? 'badge--success' : 'badge--muted'}`}>
                  {rule.enabled ? t('ruleSets.enabled') : t('ruleSets.disabled')}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
