// Every check kind, registered once. compile.ts imports this file, so a rule document can name
// any kind listed here. One line per kind; a check folder may also register itself when imported.
import { registerCheck } from '../registry.ts';
import { addressCheck } from './address/address.ts';
import { certConsistencyCheck } from './cert-consistency/cert-consistency.ts';
import { enumCheck } from './enum/enum.ts';
import { lengthCheck } from './length/length.ts';
import { nameOrganisationCheck } from './name-organisation/name-organisation.ts';
import { nameResidentialCheck } from './name-residential/name-residential.ts';
import { normalizedCheck } from './normalized/normalized.ts';
import { regexCheck } from './regex/regex.ts';
import { requiredCheck } from './required/required.ts';
import { residentIdCheck } from './resident-id/resident-id.ts';
import { usccCheck } from './uscc/uscc.ts';

// Generic kinds: a coordinator can add a rule with these without any code.
registerCheck('required', requiredCheck);
registerCheck('regex', regexCheck);
registerCheck('enum', enumCheck);
registerCheck('length', lengthCheck);
registerCheck('normalized', normalizedCheck);

// Name, address and certificate kinds.
registerCheck('name.residential', nameResidentialCheck);
registerCheck('name.organisation', nameOrganisationCheck);
registerCheck('address', addressCheck);
registerCheck('resident_id', residentIdCheck);
registerCheck('uscc', usccCheck);
registerCheck('cert_consistency', certConsistencyCheck);

// ── PHONE CHECKS (mobile, landline) — owned by the phone helper ─────────────────────────────
import { landlineCheck } from './landline/landline.ts';
import { mobileCheck } from './mobile/mobile.ts';
registerCheck('mobile', mobileCheck);
registerCheck('landline', landlineCheck);
// ── END PHONE CHECKS ─────────────────────────────────────────────────────────────────────────
