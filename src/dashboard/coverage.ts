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
  /** Rows and columns are a selection, worst first, not the reference order ("show all" draws the rest). */
  ranked: boolean;
  /** The whole grid can be larger than the bounds ("show all" is offered, or was used). */
  large: boolean;
  /** Gaps of each drawn territory over every assistance type of the grid, not only the drawn ones. */
  gapsByTerritory: Map<number, number>;
  totals: { territories: number; assistanceTypes: number };
  /** The highest count of the whole grid: cell shades mean the same whether the grid is whole or not. */
  maxCount: number;
}

/** A count kept per id; every id of the grid has one. */
const countOf = (counts: Map<number, number>, id: number) => counts.get(id) ?? 0;
const addTo = (counts: Map<number, number>, id: number, n: number) => counts.set(id, countOf(counts, id) + n);

/** Ranks ids by most gaps, then fewest partners, then reference order. */
function worstFirst(ids: number[], gaps: Map<number, number>, partners: Map<number, number>): number[] {
  const place = new Map(ids.map((id, i) => [id, i]));
  return [...ids].sort(
    (a, b) =>
      countOf(gaps, b) - countOf(gaps, a) ||
      countOf(partners, a) - countOf(partners, b) ||
      countOf(place, a) - countOf(place, b),
  );
}

interface Ranking {
  territoryGaps: Map<number, number>;
  worstTerritories: number[];
  worstTypes: number[];
  maxCount: number;
}

/**
 * The ranking of a grid, worked out once per grid: the dashboard's figures are cached and the same
 * object comes back until the data changes, so a cached page pays only for the cells it draws.
 */
const rankings = new WeakMap<CoverageCounts, Ranking>();

function rankingOf(heatmap: CoverageCounts): Ranking {
  const known = rankings.get(heatmap);
  if (known) return known;
  const { territoryIds, assistanceTypeIds, counts } = heatmap;
  // Read the counts once (they hold the covered pairs only) rather than look up every pair of the grid.
  const territoryGaps = new Map(territoryIds.map((id) => [id, assistanceTypeIds.length]));
  const territoryPartners = new Map(territoryIds.map((id) => [id, 0]));
  const typeGaps = new Map(assistanceTypeIds.map((id) => [id, territoryIds.length]));
  const typePartners = new Map(assistanceTypeIds.map((id) => [id, 0]));
  let maxCount = 0;
  for (const [key, n] of Object.entries(counts)) {
    const at = key.indexOf(':');
    const territoryId = Number(key.slice(0, at));
    const typeId = Number(key.slice(at + 1));
    if (n <= 0 || !territoryGaps.has(territoryId) || !typeGaps.has(typeId)) continue;
    addTo(territoryGaps, territoryId, -1);
    addTo(typeGaps, typeId, -1);
    addTo(territoryPartners, territoryId, n);
    addTo(typePartners, typeId, n);
    maxCount = Math.max(maxCount, n);
  }
  const ranking = {
    territoryGaps,
    worstTerritories: worstFirst(territoryIds, territoryGaps, territoryPartners),
    worstTypes: worstFirst(assistanceTypeIds, typeGaps, typePartners),
    maxCount,
  };
  rankings.set(heatmap, ranking);
  return ranking;
}

export function coverageGrid(heatmap: CoverageCounts, options: { all: boolean }): CoverageGrid {
  const totals = { territories: heatmap.territoryIds.length, assistanceTypes: heatmap.assistanceTypeIds.length };
  const large = totals.territories > COVERAGE_ROWS || totals.assistanceTypes > COVERAGE_COLUMNS;
  const ranking = rankingOf(heatmap);
  const ranked = large && !options.all;
  const rows = ranked ? ranking.worstTerritories.slice(0, COVERAGE_ROWS) : heatmap.territoryIds;
  const columns = ranked ? ranking.worstTypes.slice(0, COVERAGE_COLUMNS) : heatmap.assistanceTypeIds;
  return {
    territoryIds: rows,
    assistanceTypeIds: columns,
    ranked,
    large,
    gapsByTerritory: new Map(rows.map((id) => [id, countOf(ranking.territoryGaps, id)])),
    totals,
    maxCount: ranking.maxCount,
  };
}
