import { useEffect } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { getPlanStats, getSmsOverview, getTemplate, listSmsPlans } from '../api/sms-api.ts';

export const useSmsPlans = () => useApiQuery((signal) => listSmsPlans(signal), []);
export const useSmsTemplate = () => useApiQuery((signal) => getTemplate(signal), []);
export const useSmsOverview = () => useApiQuery((signal) => getSmsOverview(signal), []);

/** A plan's delivery, refreshed every 2 s while messages are still on their way. */
export function usePlanStats(planId: number | undefined) {
  const query = useApiQuery(
    (signal) => (planId ? getPlanStats(planId, signal) : Promise.resolve(undefined)),
    [planId],
  );
  const pending = query.data?.total.pending ?? 0;
  const { reload } = query;
  useEffect(() => {
    if (!planId || pending === 0) return;
    const timer = setTimeout(reload, 2_000);
    return () => clearTimeout(timer);
  }, [planId, pending, query.data, reload]);
  return query;
}
