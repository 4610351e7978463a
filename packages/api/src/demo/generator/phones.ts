// Mobiles from allocated MIIT segments and landlines with the prefecture's real area code, each
// handed out once from a counter (so a number is shared only when the generator means it).
import { AREA_CODES } from '@qingyuan/rules';
import type { City, County } from './gazetteer.ts';
import { isEmptyNumber } from '../../features/sms/outbox-carrier.ts';
import { Permutation, weighted, type Rng } from './rng.ts';

/** Allocated 11-digit handset segments (catalogue §1.1, class MOBILE), weighted by how common they are. */
const HANDSET_SEGMENTS = weighted<string>([
  ['130', 2],
  ['131', 2],
  ['132', 2],
  ['133', 2],
  ['134', 2],
  ['135', 4],
  ['136', 4],
  ['137', 4],
  ['138', 5],
  ['139', 6],
  ['150', 3],
  ['151', 3],
  ['152', 3],
  ['153', 2],
  ['155', 2],
  ['156', 2],
  ['157', 2],
  ['158', 3],
  ['159', 3],
  ['166', 1],
  ['173', 1],
  ['175', 1],
  ['176', 1],
  ['177', 1],
  ['178', 1],
  ['180', 2],
  ['181', 2],
  ['182', 2],
  ['183', 2],
  ['184', 0.5],
  ['185', 2],
  ['186', 2],
  ['187', 3],
  ['188', 3],
  ['189', 3],
  ['190', 0.5],
  ['191', 1],
  ['192', 0.3],
  ['193', 1],
  ['195', 1],
  ['196', 0.5],
  ['197', 0.5],
  ['198', 2],
  ['199', 1],
  // Virtual operators (1700–1709 and 171 are all allocated): valid, rare, INFO at most.
  ['170', 0.3],
  ['171', 0.3],
]);

const KNOWN_PLACEHOLDERS = new Set([
  '13800138000',
  '13800000000',
  '13900000000',
  '13000000000',
  '18888888888',
  '11111111111',
  '12345678901',
  '10000000000',
  '00000000000',
  '01234567890',
  '99999999999',
]);

/** PH-04: a dummy, one repeated digit, a tail of ≥ 7 identical digits or an ascending run of ≥ 8. */
export function isPlaceholderNumber(digits: string): boolean {
  if (KNOWN_PLACEHOLDERS.has(digits)) return true;
  let same = 1;
  let run = 1;
  for (let i = 1; i < digits.length; i++) {
    same = digits[i] === digits[i - 1] ? same + 1 : 1;
    run = Number(digits[i]) === Number(digits[i - 1]) + 1 ? run + 1 : 1;
    if (run >= 8) return true;
  }
  return same >= 7;
}

/** Hands out valid, distinct 11-digit mobiles (and, apart, empty ones). */
export class MobileIssuer {
  private counter = 0;
  private readonly perm: Permutation;

  constructor(seed: number) {
    this.perm = new Permutation(100_000_000, seed >>> 0);
  }

  /** A working number: never one of the empty slice. */
  next(rng: Rng): string {
    return this.draw(rng, false);
  }

  /**
   * An unassigned number for the `empty_number` defect: 空号 by the outbox's own rule
   * (isEmptyNumber), so the simulated carrier fails exactly these without the labels file.
   */
  nextEmpty(rng: Rng): string {
    return this.draw(rng, true);
  }

  // Skipping to the next subscriber number draws nothing from rng, so the rest of the province
  // (names, addresses, defects) is the same whichever numbers turn out empty.
  private draw(rng: Rng, isEmpty: boolean): string {
    for (;;) {
      const segment = HANDSET_SEGMENTS.draw(rng);
      let number: string;
      do number = segment + String(this.perm.at(this.counter++)).padStart(8, '0');
      while (isEmptyNumber(number) !== isEmpty);
      // 1349 is a satellite block inside 134.
      if (segment === '134' && number[3] === '9') continue;
      if (!isPlaceholderNumber(number)) return number;
    }
  }
}

/** A telephone area: a prefecture, or a county with an area code of its own (奎屯市 0992 in 伊犁州). */
export type Exchange = Pick<City, 'code' | 'areaCode' | 'localLength'>;

/** The area a county's landlines are numbered in. */
export function exchangeOf(county: County): Exchange {
  return county.areaCode === county.city.areaCode ? county.city : county;
}

/** Hands out valid, distinct landlines per area: area code + local number starting 2–8. */
export class LandlineIssuer {
  private readonly perCity = new Map<string, { counter: number; perm: Permutation }>();

  constructor(private readonly seed: number) {}

  /** The local part only (7 digits, 8 where the area uses them: 0871, 020, 0755…). */
  nextLocal(city: Exchange): string {
    let s = this.perCity.get(city.code);
    if (!s) {
      s = {
        counter: 0,
        perm: new Permutation(7 * 10 ** (city.localLength - 1), (this.seed ^ Number(city.code)) >>> 0),
      };
      this.perCity.set(city.code, s);
    }
    for (;;) {
      const x = s.perm.at(s.counter++);
      const local = String(2 * 10 ** (city.localLength - 1) + x);
      const national = city.areaCode + local;
      // 800… after 010 or 021 is a toll-free block, not a landline (libphonenumber agrees).
      if (city.areaCode.length === 3 && local.startsWith('800')) continue;
      if (!isPlaceholderNumber(national) && !isPlaceholderNumber(national.slice(1))) return local;
    }
  }

  /** `0877-2345678`. */
  next(city: Exchange): string {
    return `${city.areaCode}-${this.nextLocal(city)}`;
  }
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';

/** Noise a normaliser removes: the value is the same number after NFKC and stripping separators. */
export function mobileFormatNoise(mobile: string, style: 'fullwidth' | 'plus86' | 'separators'): string {
  if (style === 'fullwidth') return [...mobile].map((d) => FULL_WIDTH_DIGITS[Number(d)] ?? d).join('');
  const groups = `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`;
  if (style === 'plus86') return `+86 ${groups}`;
  return groups.replaceAll(' ', '-');
}

function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String(rng.int(0, 9));
  return out;
}

/** Mobile-field values every offline rule must reject, by kind. */
export function badMobile(kind: string, rng: Rng, valid: string): string {
  switch (kind) {
    case 'placeholder': {
      const d = String(rng.int(0, 9));
      return rng.pick([
        '13800000000',
        '13800138000',
        '18888888888',
        '11111111111',
        '12345678901',
        '13900000000',
        `${rng.pick(['139', '138', '158'])}${rng.int(0, 9)}${d.repeat(7)}`,
        `${rng.pick(['138', '139', '135'])}12345678`,
      ]);
    }
    case 'wrong_length':
      return rng.chance(0.5) ? valid.slice(0, 10) : valid + String(rng.int(0, 9));
    case 'unallocated_segment': {
      const prefix = rng.pick([
        '140',
        '141',
        '142',
        '143',
        '144',
        '154',
        '160',
        '163',
        '164',
        '168',
        '169',
        '179',
        '194',
        '1745',
        '1747',
        '1612',
        '1615',
        '100',
        '110',
        '120',
      ]);
      return prefix + digits(rng, 11 - prefix.length);
    }
    case 'iot_13':
      return rng.pick(['1440', '1441', '1480', '1460', '1410']) + digits(rng, 9);
    case 'data_card':
      return rng.pick(['145', '147', '149']) + digits(rng, 8);
    default:
      throw new Error(`unknown mobile defect ${kind}`);
  }
}

const ELSEWHERE: readonly Exchange[] = [
  { code: '5301', areaCode: '0871', localLength: 8 },
  { code: '4401', areaCode: '020', localLength: 8 },
  { code: '2301', areaCode: '0451', localLength: 8 },
];

/** Landline-field values every offline rule must reject, by kind. */
export function badLandline(kind: string, rng: Rng, city: Exchange, others: readonly City[]): string {
  const len = city.localLength;
  switch (kind) {
    case 'bad_first_digit':
      return `${city.areaCode}-${rng.pick(['0', '1', '9'])}${digits(rng, len - 1)}`;
    case 'wrong_length': {
      let n = rng.chance(0.5) ? len + 1 : len - 1;
      // Where both lengths are right (0754, 0851), one shorter still.
      if (AREA_CODES.get(city.areaCode.slice(1))?.includes(n)) n = n < len ? n - 1 : n + 1;
      return `${city.areaCode}-${rng.int(2, 8)}${digits(rng, n - 1)}`;
    }
    case 'placeholder':
      return `${city.areaCode}-${String(rng.int(2, 8)).repeat(len)}`;
    case 'other_city_area_code': {
      const inProvince = others.filter((c) => c.code !== city.code && c.areaCode !== city.areaCode);
      // A municipality has one area code (023 for all Chongqing): take another province's.
      const other =
        inProvince.length > 0
          ? rng.pick(inProvince)
          : rng.pick(ELSEWHERE.filter((c) => c.areaCode !== city.areaCode));
      return `${other.areaCode}-${rng.int(2, 8)}${digits(rng, other.localLength - 1)}`;
    }
    default:
      throw new Error(`unknown landline defect ${kind}`);
  }
}
