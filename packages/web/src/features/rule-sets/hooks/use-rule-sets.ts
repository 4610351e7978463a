import { useApiQuery } from '../../../lib/use-api-query.ts';
import { getRuleSet, listRuleSets } from '../api/rule-sets-api.ts';

export function useRuleSets() {
  return useApiQuery((signal) => listRuleSets(signal), []);
}

export function useRuleSet(version: number | null) {
  return useApiQuery(
    (signal) => (version === null ? Promise.resolve(undefined) : getRuleSet(version, signal)),
    [version],
  );
}
