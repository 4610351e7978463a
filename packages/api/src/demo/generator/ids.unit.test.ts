import { describe, expect, it } from 'vitest';
import { isValidResidentId, isValidUscc } from './catalogue.testing.ts';
import {
  CertIssuer,
  idCheckChar,
  orgCodeCheckChar,
  usccCheckChar,
  withBadIdCheck,
  withBadUsccCheck,
  withImpossibleBirthDate,
} from './ids.ts';
import { Rng } from './rng.ts';

// Vectors from cn-validation-rules.md §3 and §4.
const VALID_IDS = [
  '530426196503121012',
  '530426197811202425',
  '530102199001010036',
  '530402200002295186',
  '532501195510073376',
  '53280119831215460X',
  '530302201010010928',
  '532331197006152717',
  '110105198808088885',
  '530426202501010122',
];
const INVALID_IDS = [
  '530426196503121010',
  '53042619650312101X',
  '530426196502301011',
  '53042619651301101X',
  '530426187001011011',
  '000000196503121013',
  '990426196503121018',
  '5304261965031210',
  '5304261965031210A1',
  '111111111111111111',
  '123456789012345678',
  '11010519491231002X',
];
const VALID_USCC = [
  '91530426MA6K12349C',
  '91530400MA6NX7Q2XE',
  '92530426MA6P000199',
  '93530426MA6Q2B3CX2',
  '12530426012345671N',
  '11530000000001230F',
  'N2530426MA6R88884X',
  '52530102MJ000123XP',
  'Y1530426MA6T56788C',
];

describe('check characters', () => {
  it.each(VALID_IDS)('MOD 11-2 of %s', (id) => {
    expect(idCheckChar(id.slice(0, 17))).toBe(id[17]);
    expect(isValidResidentId(id)).toBe(true);
  });
  it.each(INVALID_IDS)('rejects %s', (id) => expect(isValidResidentId(id)).toBe(false));
  it.each(VALID_USCC)('MOD 31 of %s', (code) => {
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
  });
  it('embedded organisation-code check digit (GB 11714)', () => {
    expect(orgCodeCheckChar('MA6K1234')).toBe('9');
    expect(isValidUscc('91530426MA6K12349C')).toBe(true);
    expect(isValidUscc('91530426MA6K12349D')).toBe(false);
    expect(isValidUscc('91530426MA6K12340G')).toBe(false);
  });
});

describe('CertIssuer', () => {
  it('issues valid, distinct resident IDs born 1935–2006 in the county', () => {
    const issuer = new CertIssuer(7);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = issuer.residentId('530426');
      expect(isValidResidentId(id)).toBe(true);
      expect(id.startsWith('530426')).toBe(true);
      const year = Number(id.slice(6, 10));
      expect(year >= 1935 && year <= 2006).toBe(true);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
  });
  it('issues valid, distinct USCCs of every kind', () => {
    const issuer = new CertIssuer(7);
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      for (const kind of ['91', '92', '93', '12', '59'] as const) {
        const code = issuer.uscc('530102', kind);
        expect(isValidUscc(code), code).toBe(true);
        expect(code.slice(0, 8)).toBe(`${kind}530102`);
        seen.add(code);
      }
    }
    expect(seen.size).toBe(25_000);
  });
  it('15-digit legacy IDs upgrade to valid 18-digit IDs born before 1986', () => {
    const issuer = new CertIssuer(3);
    for (let i = 0; i < 1000; i++) {
      const old = issuer.legacyId15('530102');
      expect(old).toMatch(/^\d{15}$/);
      const body = `${old.slice(0, 6)}19${old.slice(6)}`;
      expect(isValidResidentId(body + idCheckChar(body))).toBe(true);
      expect(Number(old.slice(6, 8))).toBeLessThan(86);
    }
  });
  it('spoilt values fail the catalogue checks', () => {
    const rng = new Rng(1);
    const issuer = new CertIssuer(1);
    for (let i = 0; i < 2000; i++) {
      const id = issuer.residentId('530302');
      expect(isValidResidentId(withBadIdCheck(id, rng))).toBe(false);
      const badDate = withImpossibleBirthDate(id, rng);
      expect(idCheckChar(badDate.slice(0, 17))).toBe(badDate[17]);
      expect(isValidResidentId(badDate)).toBe(false);
      expect(isValidUscc(withBadUsccCheck(issuer.uscc('530302', '91'), rng))).toBe(false);
    }
  });
});
