import type { CustomerRecord } from './types.ts';

/**
 * A customer's region from its station's county GB/T 2260 code (6 digits): the county, its city
 * (the first 4) and its province (the first 2); none without a code.
 */
export function regionOfCounty(countyCode: string | null | undefined): NonNullable<CustomerRecord['region']> {
  return countyCode
    ? { provinceCode: countyCode.slice(0, 2), cityCode: countyCode.slice(0, 4), countyCode }
    : {};
}
