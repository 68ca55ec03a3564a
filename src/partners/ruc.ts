// Ecuador's RUC (Registro Único de Contribuyentes), as PRODUCT.md describes it. Since the SRI
// changed how private and public RUCs are generated, real ones fail the check digit (for example
// 0993381661001), so for those types a failed check is only a warning.

export type RucType = 'natural' | 'public' | 'private';
export type RucRejection = 'length' | 'digits' | 'province' | 'type' | 'checkDigit' | 'establishment';
export type RucWarning = 'checkDigit' | 'establishment';

export type RucCheck = { valid: true; type: RucType; warnings: RucWarning[] } | { valid: false; reason: RucRejection };

const FOREIGNERS_PROVINCE = 30;
const PROVINCE_COUNT = 24;

export function checkRuc(ruc: string): RucCheck {
  if (!/^\d*$/.test(ruc)) return { valid: false, reason: 'digits' };
  if (ruc.length !== 13) return { valid: false, reason: 'length' };

  const digits = Array.from(ruc, (digit) => Number(digit));
  const province = Number(ruc.slice(0, 2));
  if (!((province >= 1 && province <= PROVINCE_COUNT) || province === FOREIGNERS_PROVINCE)) {
    return { valid: false, reason: 'province' };
  }

  const third = Number(ruc.charAt(2));
  if (third <= 5) {
    if (modulo10CheckDigit(digits.slice(0, 9)) !== digits[9]) return { valid: false, reason: 'checkDigit' };
    if (ruc.endsWith('000')) return { valid: false, reason: 'establishment' };
    return { valid: true, type: 'natural', warnings: [] };
  }
  if (third === 6) {
    const warnings: RucWarning[] = [];
    if (modulo11CheckDigit(digits.slice(0, 8), [3, 2, 7, 6, 5, 4, 3, 2]) !== digits[8]) warnings.push('checkDigit');
    if (ruc.endsWith('0000')) warnings.push('establishment');
    return { valid: true, type: 'public', warnings };
  }
  if (third === 9) {
    const warnings: RucWarning[] = [];
    if (modulo11CheckDigit(digits.slice(0, 9), [4, 3, 2, 7, 6, 5, 4, 3, 2]) !== digits[9]) warnings.push('checkDigit');
    if (!ruc.endsWith('001')) warnings.push('establishment');
    return { valid: true, type: 'private', warnings };
  }
  return { valid: false, reason: 'type' };
}

/** Cédula check digit: weights 2,1,2,…; a product of 10 or more has 9 subtracted. */
export function modulo10CheckDigit(digits: number[]): number {
  const sum = digits.reduce((acc, digit, i) => {
    const product = digit * (i % 2 === 0 ? 2 : 1);
    return acc + (product >= 10 ? product - 9 : product);
  }, 0);
  return (10 - (sum % 10)) % 10;
}

/** Modulo 11 check digit; null when the remainder admits no digit (a check of 10). */
export function modulo11CheckDigit(digits: number[], weights: number[]): number | null {
  if (weights.length !== digits.length) throw new Error('a modulo 11 check needs one weight per digit');
  const sum = digits.reduce((acc, digit, i) => acc + digit * (weights[i] ?? 0), 0);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? null : check;
}
