// The dashboard's read model: one set of filters gives its figures, with the reference names, the
// charts' tables and data, and the part of the coverage grid the page draws. The printed report
// (reports/) reads the same view.
import type { Db } from '../database/connect.js';
import { referenceNamesOf } from '../exports/reference-names.js';
import type { Language, Translate } from '../i18n/index.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/service.js';
import { type SizeBandsInUse, activeMethodology, sizeBandsInUse } from '../scoring/service.js';
import { coverageGrid } from './coverage.js';
import { dashboardFigures } from './figures.js';
import { type DashboardFilters, filterParams } from './filters.js';
import { chartData, chartTables } from './tables.js';

export type { Db };
export { dashboardFigures } from './figures.js';

/** The bands the active methodology sorts partners by: every portfolio figure and score uses them. */
export async function activeSizeBands(db: Db): Promise<SizeBandsInUse> {
  return sizeBandsInUse(await activeMethodology(db));
}

/**
 * The page's figures and what it draws of them. `wholeGrid` draws every territory × assistance type
 * of the coverage grid (`coverage=all` on the dashboard); otherwise a large grid is bounded.
 */
export async function dashboardView(
  db: Db,
  filters: DashboardFilters,
  { wholeGrid, t, language }: { wholeGrid: boolean; t: Translate; language: Language },
) {
  const [figures, territories, assistanceTypes, sizeBands] = await Promise.all([
    dashboardFigures(db, filters),
    listTerritories(db),
    listAssistanceTypes(db),
    activeSizeBands(db),
  ]);
  const names = referenceNamesOf(territories, assistanceTypes, language);
  const tables = chartTables(figures, names, t);
  return {
    figures,
    filters,
    tables,
    charts: chartData(tables, figures, t, language),
    coverage: coverageGrid(figures.heatmap, { all: wholeGrid }),
    wholeGrid,
    territories,
    assistanceTypes,
    names,
    sizeBands,
    params: filterParams(filters).toString(),
    paramList: [...filterParams(filters)],
  };
}

export type DashboardView = Awaited<ReturnType<typeof dashboardView>>;
