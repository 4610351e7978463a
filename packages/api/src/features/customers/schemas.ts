import { z } from 'zod';

export const CustomerSchema = z.object({
  id: z.string(),
  customerNo: z.string(),
  name: z.string(),
  customerType: z.enum(['residential', 'non_residential']),
  certType: z.enum(['resident_id', 'uscc', 'other']),
  certNo: z.string(),
  mobile: z.string(),
  landline: z.string(),
  address: z.string(),
  stationCode: z.string(),
  stationName: z.string(),
  countyName: z.string(),
  cityName: z.string(),
  status: z.enum(['active', 'closed']),
  version: z.number(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;

export const CustomerChangeSchema = z.object({
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  source: z.enum(['load', 'worksheet', 'call', 'sms', 'api', 'manual']),
  batchId: z.string().nullable(),
  userName: z.string().nullable(),
  changedAt: z.string(),
});

export const CustomerDetailSchema = CustomerSchema.extend({ changes: z.array(CustomerChangeSchema) });

export const CustomerListQuerySchema = z.object({
  q: z.string().trim().max(100).default(''),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

export const CustomerPageSchema = z.object({
  items: z.array(CustomerSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
