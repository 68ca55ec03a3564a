// Which part of the coverage grid a page draws (src/dashboard/coverage.ts).
import { describe, expect, it } from 'vitest';
import { COVERAGE_COLUMNS, COVERAGE_ROWS, coverageGrid } from '../../src/dashboard/coverage.js';

const ids = (n: number, from = 1) => Array.from({ length: n }, (_v, i) => from + i);

describe('the coverage grid a page draws', () => {
  it.each([
    { territories: 10, types: 13, ranked: false, rows: 10, columns: 13 },
    {
      territories: COVERAGE_ROWS,
      types: COVERAGE_COLUMNS,
      ranked: false,
      rows: COVERAGE_ROWS,
      columns: COVERAGE_COLUMNS,
    },
    { territories: COVERAGE_ROWS + 1, types: 13, ranked: true, rows: COVERAGE_ROWS, columns: 13 },
    { territories: 10, types: COVERAGE_COLUMNS + 1, ranked: true, rows: 10, columns: COVERAGE_COLUMNS },
    { territories: 150, types: 90, ranked: true, rows: COVERAGE_ROWS, columns: COVERAGE_COLUMNS },
  ])(
    '$territories territories × $types types: $rows rows × $columns columns',
    ({ territories, types, ranked, rows, columns }) => {
      const grid = coverageGrid(
        { territoryIds: ids(territories), assistanceTypeIds: ids(types, 1000), counts: {} },
        { all: false },
      );
      expect(grid).toMatchObject({ ranked, large: ranked });
      expect(grid.territoryIds).toHaveLength(rows);
      expect(grid.assistanceTypeIds).toHaveLength(columns);
      const whole = coverageGrid(
        { territoryIds: ids(territories), assistanceTypeIds: ids(types, 1000), counts: {} },
        { all: true },
      );
      expect(whole).toMatchObject({
        ranked: false,
        large: ranked,
        territoryIds: ids(territories),
        assistanceTypeIds: ids(types, 1000),
      });
    },
  );

  it('puts the territories with most gaps first, then those with fewest partners, then reference order', () => {
    const territoryIds = ids(20);
    const assistanceTypeIds = ids(20, 100);
    const counts: Record<string, number> = {};
    // Every territory covers every type with 2 partners, except: 7 has 3 gaps, 3 has 1 gap and 12 has 1 gap
    // with fewer partners; 18 has 1 gap too, with as many partners as 3.
    for (const t of territoryIds) for (const a of assistanceTypeIds) counts[`${t}:${a}`] = 2;
    for (const a of [100, 101, 102]) Reflect.deleteProperty(counts, `7:${a}`);
    delete counts['3:100'];
    delete counts['18:105'];
    delete counts['12:100'];
    counts['12:101'] = 1;
    const grid = coverageGrid({ territoryIds, assistanceTypeIds, counts }, { all: false });
    expect(grid.territoryIds.slice(0, 4)).toEqual([7, 12, 3, 18]);
    expect(grid.territoryIds.slice(4, 6)).toEqual([1, 2]);
    expect(grid.gapsByTerritory.get(7)).toBe(3);
    // Type 100 has 3 gaps (7, 3, 12); 101 and 102 one each, 101 with fewer partners; then 105.
    expect(grid.assistanceTypeIds.slice(0, 4)).toEqual([100, 101, 102, 105]);
    expect(grid.maxCount).toBe(2);
  });
});
