// Which part of the coverage grid a page draws. A grid of every territory × every assistance type
// grows with the reference data (150 × 90 is 13,500 cells), so beyond a few rows and columns the page
// shows the worst-covered territories and the assistance types with most gaps, and the whole grid on
// request; the CSV and the API always hold the whole grid.

/** At most this many territories (rows) and assistance types (columns) unless the whole grid is asked for. */
export const COVERAGE_ROWS = 15;
export const COVERAGE_COLUMNS = 15;

export interface CoverageCounts {
  /** Reference order. */
  territoryIds: number[];
  assistanceTypeIds: number[];
  /** Small agile partners by "territoryId:assistanceTypeId"; a missing key is a gap. */
  counts: Record<string, number>;
}

export interface CoverageGrid {
  /** The rows drawn, in the order drawn. */
  territoryIds: number[];
  /** The columns drawn, in the order drawn. */
  assistanceTypeIds: number[];
  /** Rows or columns are a selection (worst first), not the reference order. */
  ranked: boolean;
  /** Some rows or columns are left out; "show all" draws them. */
  partial: boolean;
  /** The whole grid can be larger than the bounds ("show all" is offered, or was used). */
  large: boolean;
  /** Gaps of each drawn territory over every assistance type of the grid, not only the drawn ones. */
  gapsByTerritory: Map<number, number>;
  totals: { territories: number; assistanceTypes: number };
  /** The highest count of the whole grid: cell shades mean the same whether the grid is whole or not. */
  maxCount: number;
}

/** Ranks ids by most gaps, then fewest partners, then reference order. */
function worstFirst(ids: number[], gaps: Map<number, number>, partners: Map<number, number>): number[] {
  const place = new Map(ids.map((id, i) => [id, i]));
  return [...ids].sort((a, b) => gaps.get(b)! - gaps.get(a)! || partners.get(a)! - partners.get(b)! || place.get(a)! - place.get(b)!);
}

export function coverageGrid(heatmap: CoverageCounts, options: { all: boolean }): CoverageGrid {
  const { territoryIds, assistanceTypeIds, counts } = heatmap;
  const totals = { territories: territoryIds.length, assistanceTypes: assistanceTypeIds.length };
  const large = totals.territories > COVERAGE_ROWS || totals.assistanceTypes > COVERAGE_COLUMNS;
  const territoryGaps = new Map(territoryIds.map((id) => [id, 0]));
  const territoryPartners = new Map(territoryIds.map((id) => [id, 0]));
  const typeGaps = new Map(assistanceTypeIds.map((id) => [id, 0]));
  const typePartners = new Map(assistanceTypeIds.map((id) => [id, 0]));
  let maxCount = 0;
  for (const territoryId of territoryIds) {
    for (const typeId of assistanceTypeIds) {
      const n = counts[`${territoryId}:${typeId}`] ?? 0;
      if (n === 0) {
        territoryGaps.set(territoryId, territoryGaps.get(territoryId)! + 1);
        typeGaps.set(typeId, typeGaps.get(typeId)! + 1);
      }
      territoryPartners.set(territoryId, territoryPartners.get(territoryId)! + n);
      typePartners.set(typeId, typePartners.get(typeId)! + n);
      maxCount = Math.max(maxCount, n);
    }
  }
  const ranked = large && !options.all;
  const rows = ranked ? worstFirst(territoryIds, territoryGaps, territoryPartners).slice(0, COVERAGE_ROWS) : territoryIds;
  const columns = ranked ? worstFirst(assistanceTypeIds, typeGaps, typePartners).slice(0, COVERAGE_COLUMNS) : assistanceTypeIds;
  return {
    territoryIds: rows,
    assistanceTypeIds: columns,
    ranked,
    partial: rows.length < totals.territories || columns.length < totals.assistanceTypes,
    large,
    gapsByTerritory: new Map(rows.map((id) => [id, territoryGaps.get(id)!])),
    totals,
    maxCount,
  };
}
