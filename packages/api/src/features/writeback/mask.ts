// Field values of changes and conflicts, masked for a viewer by the one masking function
// (features/auth/masking.ts): phones and ID numbers as that viewer's role sees them.
import { masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';

export type Masker = (field: string, value: string) => string;

export function maskerFor(viewer: Principal | 'operator'): Masker {
  // the CLI runs as the operator of the database: the file is the marketing system's import
  if (viewer === 'operator') return (_f, v) => v;
  const m = masker(viewer);
  return (field, value) => m.field(field, value);
}
