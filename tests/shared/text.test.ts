import { describe, expect, it } from 'vitest';
import { parseLocaleNumber } from '../../src/shared/numbers.js';
import { nameKey, searchableText } from '../../src/shared/text.js';

describe('searchable text', () => {
  it.each([
    ['Asociación Niñez Feliz', 'asociacion ninez feliz'],
    ['  FUNDACIÓN  S.O.S-Norte ', 'fundacion s o s norte'],
    ['Lago Agrio (Nueva Loja)', 'lago agrio nueva loja'],
  ])('%s → %s', (text, expected) => {
    expect(searchableText(text)).toBe(expected);
  });
});

describe('name key for duplicates', () => {
  it('ignores accents, case and punctuation', () => {
    expect(nameKey('Fundación Manos-Unidas')).toBe(nameKey('fundacion manos unidas.'));
  });
  it('tells different names apart', () => {
    expect(nameKey('Fundación Manos Unidas')).not.toBe(nameKey('Fundación Manos Solidarias'));
  });
});

describe('numbers as people type them', () => {
  it.each<[string, number | string | null]>([
    ['12', 12],
    ['12,5', 12.5],
    ['12.5', 12.5],
    ['1.500', 1500],
    ['1,500', 1500],
    ['1.500.000', 1500000],
    ['1.500,75', 1500.75],
    ['1,500.75', 1500.75],
    ['$ 25 000', 25000],
    ['0.125', 0.125],
    ['', null],
    ['   ', null],
    ['doce', 'doce'],
    ['12a', '12a'],
  ])('%j → %j', (text, expected) => {
    expect(parseLocaleNumber(text)).toBe(expected);
  });
});
