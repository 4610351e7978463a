// How a rule's parts read in the tables: translated where the UI knows the value, raw otherwise.
import type { TFunction } from 'i18next';
import { formatCode } from '../../../lib/format.ts';
import type { RuleView } from '../api/rule-sets-api.ts';

export const fieldLabel = (t: TFunction, field: string) => t(`fieldNames.${field}`, { defaultValue: field });
export const kindLabel = (t: TFunction, kind: string) =>
  t(`ruleKinds.${kind.replace(/\./g, '_')}`, { defaultValue: kind });

export function appliesToLabel(t: TFunction, appliesTo: RuleView['appliesTo'], language: string): string {
  const parts: string[] = [];
  if (appliesTo.customerTypes) {
    parts.push(appliesTo.customerTypes.map((v) => formatCode('customerType', v, language)).join('、'));
  }
  if (appliesTo.certTypes) {
    parts.push(
      t('ruleSets.appliesTo.certTypes', {
        list: appliesTo.certTypes.map((v) => formatCode('certType', v, language)).join('、'),
      }),
    );
  }
  if (appliesTo.regions) parts.push(t('ruleSets.appliesTo.regions', { list: appliesTo.regions.join('、') }));
  return parts.length > 0 ? parts.join('；') : t('ruleSets.appliesTo.all');
}
