import { describe, expect, it } from 'vitest';
import { checkRuc } from '../../src/partners/ruc.js';

describe('RUC validation', () => {
  it.each([
    ['1790085783001', 'private'],
    ['1760001550001', 'public'],
    ['1713175071001', 'natural'],
  ])('accepts the known-good %s as a %s RUC with no warning', (ruc, type) => {
    expect(checkRuc(ruc)).toEqual({ valid: true, type, warnings: [] });
  });

  it('accepts a real private RUC that fails the check digit, with a warning (SRI caveat)', () => {
    expect(checkRuc('0993381661001')).toEqual({ valid: true, type: 'private', warnings: ['checkDigit'] });
  });

  it('warns, never rejects, when a public entity fails its check digit', () => {
    expect(checkRuc('1760001540001')).toEqual({ valid: true, type: 'public', warnings: ['checkDigit'] });
  });

  it.each([
    ['179008578300', 'length'],
    ['17900857830011', 'length'],
    ['', 'length'],
    ['17900857830O1', 'digits'],
    ['1790-85783001', 'digits'],
    ['2590085783001', 'province'],
    ['0090085783001', 'province'],
    ['3190085783001', 'province'],
    ['1770085783001', 'type'],
    ['1780085783001', 'type'],
    ['1713175072001', 'checkDigit'],
    ['1713175071000', 'establishment'],
  ])('rejects %s (%s)', (ruc, reason) => {
    expect(checkRuc(ruc)).toEqual({ valid: false, reason });
  });

  it('accepts the foreigners province code 30', () => {
    const result = checkRuc('3090085783001');
    expect(result.valid).toBe(true);
  });

  it('warns when a private RUC does not end in 001', () => {
    expect(checkRuc('1790085783002')).toEqual({ valid: true, type: 'private', warnings: ['establishment'] });
  });
});
