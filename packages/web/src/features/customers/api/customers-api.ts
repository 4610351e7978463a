import { apiRequest } from '../../../lib/api-client.ts';

export type CustomerType = 'residential' | 'non_residential';
export type CertType = 'resident_id' | 'uscc' | 'other';
export type CustomerStatus = 'active' | 'closed';
export type ChangeSource = 'load' | 'worksheet' | 'call' | 'sms' | 'api' | 'manual';

/** As the API returns it: mobile, landline and certNo may already be masked (138****5678). */
export type Customer = {
  id: string;
  customerNo: string;
  name: string;
  customerType: CustomerType;
  certType: CertType;
  certNo: string;
  mobile: string;
  landline: string;
  address: string;
  stationCode: string;
  stationName: string;
  countyName: string;
  cityName: string;
  status: CustomerStatus;
  version: number;
  updatedAt: string;
};

export type CustomerChange = {
  field: string;
  oldValue: string | null;
  newValue: string | null;
  source: ChangeSource;
  batchId: string | null;
  userName: string | null;
  changedAt: string;
};

export type CustomerDetail = Customer & { changes: CustomerChange[] };

export type CustomerPage = { items: Customer[]; total: number; page: number; pageSize: number };

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
