// The field verification API (现场核实); shapes from the shared contract.
import type {
  FieldCheckResponse,
  FieldCorrections,
  FieldCustomerPage,
  FieldEntryInput,
  FieldEntryList,
  FieldEntryResponse,
  FieldStationList,
} from '@qingyuan/contract/field';
import { apiRequest } from '../../../lib/api-client.ts';

export type { FieldCorrections, FieldCustomer, FieldResult, FieldStation } from '@qingyuan/contract/field';
export type { FieldCheckResponse, FieldEntryInput };

const BASE = '/api/v1/field';

export const listStations = (signal?: AbortSignal) =>
  apiRequest<FieldStationList>(`${BASE}/stations`, { signal });

export const listCustomers = (station: string, q: string, signal?: AbortSignal) =>
  apiRequest<FieldCustomerPage>(
    `${BASE}/customers?station=${encodeURIComponent(station)}&limit=200${q ? `&q=${encodeURIComponent(q)}` : ''}`,
    { signal },
  );

export const checkValues = (customerId: string, fields: FieldCorrections, signal?: AbortSignal) =>
  apiRequest<FieldCheckResponse>(`${BASE}/check`, { method: 'POST', body: { customerId, fields }, signal });

export const sendEntry = (entry: FieldEntryInput) =>
  apiRequest<FieldEntryResponse>(`${BASE}/entries`, { method: 'POST', body: entry });

export const listEntries = (signal?: AbortSignal) =>
  apiRequest<FieldEntryList>(`${BASE}/entries`, { signal });
