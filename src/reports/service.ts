// The printable portfolio report's read model: the dashboard's view of the same filters, the targets'
// status from the balance, the retention alerts and the best small agile partners of each territory.
import type { Db } from '../database/connect.js';
import { filtersFromQuery } from '../dashboard/filters.js';
import { dashboardView } from '../dashboard/service.js';
import type { Language, Translate } from '../i18n/index.js';
import { currentRetentionAlerts } from '../portfolio/alerts.js';
import { portfolioBalance } from '../portfolio/balance.js';
import { activeMethodology, topSmallAgileByTerritory } from '../scoring/service.js';

export type { Db };

const TOP_PER_TERRITORY = 3;
const REPORT_ALERTS = 25;

/**
 * The report of the filters an address asks for; a bad filter is left out and named in `issues`. Its
 * coverage grid is always the bounded one: a printed page holds no 90 columns, and the dashboard and
 * the CSV have the whole grid.
 */
export async function portfolioReport(
  db: Db,
  query: Record<string, unknown>,
  { t, language }: { t: Translate; language: Language },
) {
  const { filters, issues } = filtersFromQuery(query);
  const [view, balance, alerts, top, methodology] = await Promise.all([
    dashboardView(db, filters, { wholeGrid: false, t, language }),
    portfolioBalance(db, filters),
    currentRetentionAlerts(db),
    topSmallAgileByTerritory(db, filters, TOP_PER_TERRITORY),
    activeMethodology(db),
  ]);
  return {
    ...view,
    issues,
    balance,
    alerts: alerts.slice(0, REPORT_ALERTS),
    alertTotal: alerts.length,
    top,
    methodology,
    generatedAt: new Date().toISOString(),
  };
}
