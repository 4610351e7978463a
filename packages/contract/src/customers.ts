// Customers as the API shows them: mobile, landline and certNo already masked for the viewer's
// role (138****5678); the response schemas are what keep unmasked fields from leaking.
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
  /** 高压 / 低压; null: not known */
  voltageClass: z.enum(['high', 'low']).nullable(),
  /** 销户日期 YYYY-MM-DD; null: not closed or not known */
  closedOn: z.string().nullable(),
  /** set once retention has anonymised the customer */
  anonymisedAt: z.string().nullable(),
  version: z.number(),
  updatedAt: z.string(),
});
export type Customer = z.infer<typeof CustomerSchema>;
export type CustomerType = Customer['customerType'];
export type CertType = Customer['certType'];
export type CustomerStatus = Customer['status'];

export const CustomerChangeSchema = z.object({
  field: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  source: z.enum(['load', 'worksheet', 'call', 'sms', 'api', 'manual', 'resolution', 'retention']),
  batchId: z.string().nullable(),
  userName: z.string().nullable(),
  changedAt: z.string(),
});
export type CustomerChange = z.infer<typeof CustomerChangeSchema>;
export type ChangeSource = CustomerChange['source'];

export const CustomerDetailSchema = CustomerSchema.extend({ changes: z.array(CustomerChangeSchema) });
export type CustomerDetail = z.infer<typeof CustomerDetailSchema>;

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
export type CustomerPage = z.infer<typeof CustomerPageSchema>;
