// Resident IDs (GB 11643, MOD 11-2) and unified social credit codes (GB 32100, MOD 31), unique
// per county: each county hands out numbers from a counter through a fixed permutation.
import { Permutation, type Rng } from './rng.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** MOD 11-2 check character over the first 17 digits of a resident ID. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '?';
}

/** MOD 31 check character over the first 17 characters of a USCC. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i] ?? '') * (USCC_WEIGHTS[i] ?? 0);
  return USCC_CHARSET[(31 - (sum % 31)) % 31] ?? '?';
}

/** GB 11714 organisation-code check digit over its 8-character body (letters A=10 … Z=35). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i] ?? '0', 36) * (ORG_WEIGHTS[i] ?? 0);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

// Birth dates of account holders: 1935-01-01 … 2006-12-31 (aged 20–91 in 2026).
const DAY0 = Date.UTC(1935, 0, 1);
const DAYS = (Date.UTC(2006, 11, 31) - DAY0) / 86_400_000 + 1;
let dateTable: string[] | undefined;

function birthDate(day: number): string {
  if (!dateTable) {
    dateTable = [];
    for (let d = 0; d < DAYS; d++)
      dateTable.push(new Date(DAY0 + d * 86_400_000).toISOString().slice(0, 10).replaceAll('-', ''));
  }
  return dateTable[day] ?? '19700101';
}

/** Registration authority + category (GB 32100) for the kinds of organisation we generate. */
export type UsccKind = '91' | '92' | '93' | '12' | '59';

interface CountyState {
  ids: number;
  idPerm: Permutation;
  orgs: number;
  letterPerm: Permutation;
  digitPerm: Permutation;
}

export class CertIssuer {
  private readonly counties = new Map<string, CountyState>();

  constructor(private readonly seed: number) {}

  private state(countyCode: string): CountyState {
    let s = this.counties.get(countyCode);
    if (!s) {
      const salt = (this.seed ^ Number(countyCode)) >>> 0;
      s = {
        ids: 0,
        idPerm: new Permutation(DAYS * 999, salt),
        orgs: 0,
        letterPerm: new Permutation(31 ** 6, salt + 1),
        digitPerm: new Permutation(100_000_000, salt + 2),
      };
      this.counties.set(countyCode, s);
    }
    return s;
  }

  /** The first 17 characters of a fresh resident ID born in this county. */
  private idBody(countyCode: string): string {
    const s = this.state(countyCode);
    const x = s.idPerm.at(s.ids++);
    const seq = Math.floor(x / DAYS) + 1;
    return `${countyCode}${birthDate(x % DAYS)}${String(seq).padStart(3, '0')}`;
  }

  /** A valid, never-before-issued 18-character resident ID. */
  residentId(countyCode: string): string {
    const body = this.idBody(countyCode);
    return body + idCheckChar(body);
  }

  /** A valid 15-digit pre-1999 ID (region + YYMMDD + sequence) of someone born before 1986. */
  legacyId15(countyCode: string): string {
    for (;;) {
      const body = this.idBody(countyCode);
      if (body.slice(6, 10) < '1986') return body.slice(0, 6) + body.slice(8, 17);
    }
  }

  /** A valid USCC registered in this county. */
  uscc(countyCode: string, kind: UsccKind): string {
    const s = this.state(countyCode);
    const k = s.orgs++;
    let body8: string;
    if (kind === '12' || kind === '59') {
      body8 = String(s.digitPerm.at(k)).padStart(8, '0');
    } else {
      let x = s.letterPerm.at(k);
      let tail = '';
      for (let i = 0; i < 6; i++) {
        tail = (USCC_CHARSET[x % 31] ?? '0') + tail;
        x = Math.floor(x / 31);
      }
      body8 = `MA${tail}`;
    }
    const first17 = `${kind}${countyCode}${body8}${orgCodeCheckChar(body8)}`;
    return first17 + usccCheckChar(first17);
  }
}

/** The same ID with a wrong check character. */
export function withBadIdCheck(id: string, rng: Rng): string {
  const right = id.slice(-1);
  let wrong = right;
  while (wrong === right) wrong = rng.pick(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  return id.slice(0, 17) + wrong;
}

/** An ID whose check character is right but whose birth date cannot exist. */
export function withImpossibleBirthDate(id: string, rng: Rng): string {
  const year = id.slice(6, 10);
  const date = rng.pick([
    `${year}0230`,
    `${year}0431`,
    `${year}1301`,
    `${year}0015`,
    `${year}0532`,
    `${year}0600`,
  ]);
  const body = id.slice(0, 6) + date + id.slice(14, 17);
  return body + idCheckChar(body);
}

/** The same USCC with a wrong MOD 31 check character. */
export function withBadUsccCheck(code: string, rng: Rng): string {
  const right = code.slice(-1);
  let wrong = right;
  while (wrong === right) wrong = rng.pick([...USCC_CHARSET]);
  return code.slice(0, 17) + wrong;
}
