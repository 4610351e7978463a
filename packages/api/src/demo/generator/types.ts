// The generator's public shapes: loader-ready rows plus ground-truth defect labels.

export interface GenOptions {
  customers: number;
  seed: number;
  /** Share of customers with at least one defect; default 0.1. */
  defectRate?: number;
  /** GB/T 2260 code of the province to generate ('44' 广东); default '53' (云南). */
  province?: string;
}

/** One org unit as the loader reads it; '' for none. */
export interface OrgUnitRow {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county' | 'station';
  parent_code: string;
  division_code: string;
}

/** One customer as the loader reads it; '' for an empty field. */
export interface CustomerRow {
  customer_no: string;
  name: string;
  customer_type: 'residential' | 'non_residential';
  cert_type: 'resident_id' | 'uscc' | 'other';
  cert_no: string;
  mobile: string;
  landline: string;
  address: string;
  station_code: string;
  status: 'active' | 'closed';
  /** high for large non-residential connections, low for the rest */
  voltage_class: 'high' | 'low';
  /** YYYY-MM-DD for closed customers, '' otherwise */
  closed_on: string;
}

export type DefectField = 'name' | 'mobile' | 'landline' | 'address' | 'cert_no' | 'cert_type';

/** Ground truth: this customer's field holds a defect of this kind. */
export interface DefectLabel {
  customer_no: string;
  field: DefectField;
  kind: string;
  /** False only for what no offline rule can see (an unassigned number that looks valid). */
  detectable: boolean;
}

export interface GeneratedCustomer {
  customer: CustomerRow;
  defects: DefectLabel[];
}
