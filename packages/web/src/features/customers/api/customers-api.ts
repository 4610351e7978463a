// The customers API. Shapes come from the shared contract; mobile, landline and certNo arrive
// already masked for the viewer's role (138****5678), and the page shows them as they arrive.
import type { CustomerDetail, CustomerPage } from '@qingyuan/contract/customers';
import { apiRequest } from '../../../lib/api-client.ts';

export type {
  Customer,
  CustomerChange,
  CustomerDetail,
  CustomerPage,
  CustomerStatus,
} from '@qingyuan/contract/customers';

export const PAGE_SIZE = 20;

export function listCustomers(
  params: { q: string; page: number; pageSize?: number },
  signal?: AbortSignal,
): Promise<CustomerPage> {
  const search = new URLSearchParams({
    q: params.q,
    page: String(params.page),
    pageSize: String(params.pageSize ?? PAGE_SIZE),
  });
  return apiRequest<CustomerPage>(`/api/v1/customers?${search.toString()}`, { signal });
}

export function getCustomer(id: string, signal?: AbortSignal): Promise<CustomerDetail> {
  return apiRequest<CustomerDetail>(`/api/v1/customers/${encodeURIComponent(id)}`, { signal });
}
