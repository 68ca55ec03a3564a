import { describe, expect, it } from 'vitest';
import { isSmallClass, type SizeClass, sizeClassOf, staffRangeOf } from '../../src/partners/size-class.js';

describe('size class by paid staff (COPCI art. 106 bands)', () => {
  it.each<[number, SizeClass, boolean]>([
    [0, 'micro', true],
    [9, 'micro', true],
    [10, 'small', true],
    [12, 'small', true],
    [49, 'small', true],
    [50, 'medium', false],
    [199, 'medium', false],
    [200, 'large', false],
    [5000, 'large', false],
  ])('%i staff → %s (small partner: %s)', (staff, sizeClass, small) => {
    expect(sizeClassOf(staff)).toBe(sizeClass);
    expect(isSmallClass(sizeClassOf(staff))).toBe(small);
  });

  it('uses the bands it is given, since bands are methodology parameters', () => {
    expect(sizeClassOf(30, { smallMin: 5, mediumMin: 25, largeMin: 100 })).toBe('medium');
  });

  it.each<[SizeClass, number, number | null]>([
    ['micro', 0, 9],
    ['small', 10, 49],
    ['medium', 50, 199],
    ['large', 200, null],
  ])('the %s class spans %i to %s staff', (sizeClass, min, max) => {
    expect(staffRangeOf(sizeClass)).toEqual({ min, max });
    expect(sizeClassOf(min)).toBe(sizeClass);
    if (max !== null) expect(sizeClassOf(max)).toBe(sizeClass);
  });
});
