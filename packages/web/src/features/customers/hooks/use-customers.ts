import { useApiQuery } from '../../../lib/use-api-query.ts';
import { getCustomer, listCustomers } from '../api/customers-api.ts';

export function useCustomers(q: string, page: number) {
  return useApiQuery((signal) => listCustomers({ q, page }, signal), [q, page]);
}

export function useCustomerDetail(id: string) {
  return useApiQuery((signal) => getCustomer(id, signal), [id]);
}
