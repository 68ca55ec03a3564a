import { describe, expect, it } from 'vitest';
import { withDefaultPeriod } from '../../src/dashboard/filters.js';
import {
  agileThresholdHours,
  median,
  quartersEndingWith,
  share,
  sortedByMedian,
} from '../../src/dashboard/statistics.js';

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
    [
      '2026-11-24',
      2,
      [
        ['2026-07-01', '2026-09-30'],
        ['2026-10-01', '2026-12-31'],
      ],
    ],
    [
      '2026-01-01',
      2,
      [
        ['2025-10-01', '2025-12-31'],
        ['2026-01-01', '2026-03-31'],
      ],
    ],
    ['2024-05-15', 1, [['2024-04-01', '2024-06-30']]],
  ] as const)('%s, %i quarters', (day, count, expected) => {
    expect(quartersEndingWith(day, count).map((q) => [q.from, q.to])).toEqual(expected);
  });
  it('labels eight quarters back across years', () => {
    expect(quartersEndingWith('2026-02-10', 8).map((q) => `${q.year}-${q.number}`)).toEqual([
      '2024-2',
      '2024-3',
      '2024-4',
      '2025-1',
      '2025-2',
      '2025-3',
      '2025-4',
      '2026-1',
    ]);
  });
});

describe('the default period', () => {
  // One rule for the dashboard, the balance, the report and both APIs: the current quarter.
  it.each([
    [{}, { from: '2026-10-01', to: '2026-12-31' }],
    [{ to: '2026-03-31' }, { from: '2026-01-01', to: '2026-03-31' }],
    [{ from: '2026-06-01' }, { from: '2026-06-01', to: '2026-06-30' }],
    [
      { from: '2024-01-01', to: '2024-12-30' },
      { from: '2024-01-01', to: '2024-12-30' },
    ],
  ])('%j → %j', (query, expected) => expect(withDefaultPeriod(query, '2026-11-24')).toMatchObject(expected));
});

describe('the response target in hours', () => {
  it.each([
    [{ bestHours: 24, worstHours: 336 }, 60, 148.8],
    [{ bestHours: 24, worstHours: 336 }, 100, 24],
    [{ bestHours: 12, worstHours: 112 }, 50, 62],
  ])('scale %j, agile from %i points → %f h', (response, agileThreshold, hours) => {
    expect(agileThresholdHours({ response, agileThreshold })).toBeCloseTo(hours, 10);
  });
});

describe('territories sorted by median', () => {
  it('puts the fastest first and those without a median last, in their order', () => {
    const rows = [
      { id: 1, medianHours: null },
      { id: 2, medianHours: 40 },
      { id: 3, medianHours: 12.5 },
      { id: 4, medianHours: null },
      { id: 5, medianHours: 200 },
    ];
    expect(sortedByMedian(rows).map((r) => r.id)).toEqual([3, 2, 5, 1, 4]);
  });
});

describe('share', () => {
  it.each([
    [1, 4, 0.25],
    [0, 0, null],
    [3, 0, null],
  ])('%i of %i is %s', (part, whole, expected) => expect(share(part, whole)).toBe(expected));
});
