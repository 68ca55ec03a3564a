import { describe, expect, it } from 'vitest';
import { withDefaultPeriod } from '../../src/dashboard/filters.js';
import { median, quartersEndingWith, share } from '../../src/dashboard/statistics.js';

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[40, 10, 30, 20], 25],
    [[1.5, 1.5, 100], 1.5],
  ])('of %j is %s', (values, expected) => expect(median(values)).toBe(expected));
});

describe('quarters ending with a day', () => {
  it.each([
    ['2026-11-24', 2, [['2026-07-01', '2026-09-30'], ['2026-10-01', '2026-12-31']]],
    ['2026-01-01', 2, [['2025-10-01', '2025-12-31'], ['2026-01-01', '2026-03-31']]],
    ['2024-05-15', 1, [['2024-04-01', '2024-06-30']]],
  ] as const)('%s, %i quarters', (day, count, expected) => {
    expect(quartersEndingWith(day, count).map((q) => [q.from, q.to])).toEqual(expected);
  });
  it('labels eight quarters back across years', () => {
    expect(quartersEndingWith('2026-02-10', 8).map((q) => `${q.year}-${q.number}`)).toEqual(['2024-2', '2024-3', '2024-4', '2025-1', '2025-2', '2025-3', '2025-4', '2026-1']);
  });
});

describe('the default period', () => {
  it.each([
    [{}, { from: '2025-11-25', to: '2026-11-24' }],
    [{ to: '2026-03-31' }, { from: '2025-04-01', to: '2026-03-31' }],
    [{ from: '2026-06-01' }, { from: '2026-06-01', to: '2026-11-24' }],
    [{ from: '2024-01-01' }, { from: '2024-01-01', to: '2024-12-30' }],
  ])('%j → %j', (query, expected) => expect(withDefaultPeriod(query, '2026-11-24')).toMatchObject(expected));
});

describe('share', () => {
  it.each([[1, 4, 0.25], [0, 0, null], [3, 0, null]])('%i of %i is %s', (part, whole, expected) => expect(share(part, whole)).toBe(expected));
});
