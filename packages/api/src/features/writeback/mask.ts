// Field values of changes and conflicts, masked for a viewer as customers/service.ts masks them:
// phones for roles that do not call or correct, ID numbers for roles that do not verify them.
import { maskCert, maskPhone, seesFullCert, seesFullPhone, type Principal } from '../auth/principal.ts';

export type Masker = (field: string, value: string) => string;

export function maskerFor(viewer: Principal | 'operator'): Masker {
  // the CLI runs as the operator of the database: the file is the marketing system's import
  if (viewer === 'operator') return (_f, v) => v;
  const phone = seesFullPhone(viewer);
  const cert = seesFullCert(viewer);
  return (field, value) => {
    if (field === 'mobile' || field === 'landline') return phone ? value : maskPhone(value);
    if (field === 'cert_no') return cert ? value : maskCert(value);
    return value;
  };
}
