// Leadership's view: the dashboard, its charts as tables and files, and the printable report
// (HTML, and PDF rendered by headless Chromium on the server).
import type { Request, Response } from 'express';
import { sql } from 'kysely';
import type { Db } from '../database/connect.js';
import { referenceNamesOf } from '../exports/reference-names.js';
import { requestedExport, sendExport } from '../exports/table-export.js';
import { useLanguage } from '../http/localization.js';
import { type RouteSpec, get } from '../http/routing.js';
import { isLanguage } from '../i18n/index.js';
import { currentRetentionAlerts } from '../portfolio/alerts.js';
import { portfolioBalance } from '../portfolio/balance.js';
import type { PdfRenderer } from '../reports/pdf.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/repository.js';
import { activeMethodology } from '../scoring/repository.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { parseOrThrow } from '../shared/validation.js';
import { coverageGrid } from './coverage.js';
import { dashboardFigures } from './figures.js';
import {
  type DashboardFilters,
  dashboardQuerySchema,
  filterParams,
  filtersFromQuery,
  withDefaultPeriod,
} from './filters.js';
import { CHARTS, type ChartId, chartData, chartTable, chartTables } from './tables.js';

const TOP_PER_TERRITORY = 3;
const REPORT_ALERTS = 25;

/** The three best-scored small agile partners of each territory (standard SQL window). */
async function topSmallAgile(db: Db, filters: DashboardFilters) {
  let base = db
    .selectFrom('partnerScores')
    .innerJoin('partnerTerritories', 'partnerTerritories.partnerId', 'partnerScores.partnerId')
    .innerJoin('partners', 'partners.id', 'partnerScores.partnerId')
    .where('partnerScores.isSmallAgile', '=', 1)
    .where('partners.status', '=', 'active');
  if (filters.territoryId !== undefined) base = base.where('partnerTerritories.territoryId', '=', filters.territoryId);
  if (filters.assistanceTypeId !== undefined) {
    const id = filters.assistanceTypeId;
    base = base.where('partners.id', 'in', (eb) =>
      eb.selectFrom('partnerAssistanceTypes').select('partnerId').where('assistanceTypeId', '=', id),
    );
  }
  const ranked = base.select([
    'partnerTerritories.territoryId',
    'partners.id',
    'partners.name',
    'partners.staffCount',
    'partnerScores.overall',
    'partnerScores.agility',
    sql<number>`row_number() over (partition by ${sql.ref('partnerTerritories.territoryId')} order by ${sql.ref('partnerScores.overall')} desc, ${sql.ref('partners.nameKey')})`.as(
      'place',
    ),
  ]);
  const rows = await db
    .selectFrom(ranked.as('ranked'))
    .selectAll()
    .where('place', '<=', TOP_PER_TERRITORY)
    .orderBy('territoryId')
    .orderBy('place')
    .execute();
  const byTerritory = new Map<number, typeof rows>();
  for (const row of rows) byTerritory.set(row.territoryId, [...(byTerritory.get(row.territoryId) ?? []), row]);
  return byTerritory;
}

export function dashboardRoutes(
  db: Db,
  reports: { pdf: PdfRenderer | null; assetFile: (path: string) => string | undefined },
): RouteSpec[] {
  /**
   * The page's figures and what it draws of them. `wholeGrid` draws every territory × assistance type
   * of the coverage grid (`coverage=all` on the dashboard); otherwise a large grid is bounded.
   */
  async function dashboardView(req: Request, res: Response, { wholeGrid }: { wholeGrid: boolean }) {
    const { filters, issues } = filtersFromQuery(req.query);
    const [figures, territories, assistanceTypes] = await Promise.all([
      dashboardFigures(db, filters),
      listTerritories(db),
      listAssistanceTypes(db),
    ]);
    const names = referenceNamesOf(territories, assistanceTypes, res.locals.lang);
    const tables = chartTables(figures, names, res.locals.t);
    return {
      figures,
      filters,
      tables,
      charts: chartData(tables, figures, res.locals.t, res.locals.lang),
      coverage: coverageGrid(figures.heatmap, { all: wholeGrid }),
      wholeGrid,
      territories,
      assistanceTypes,
      names,
      params: filterParams(filters).toString(),
      paramList: [...filterParams(filters)],
      errors: issues.length ? formErrors(res, issues, ['from', 'to', 'territoryId', 'assistanceTypeId']) : NO_ERRORS,
      status: issues.length ? 400 : 200,
    };
  }

  /**
   * The report is written in the language its address asks for (`lang`), else the reader's. Its
   * coverage grid is always the bounded one: a printed page holds no 90 columns, and the dashboard
   * and the CSV have the whole grid.
   */
  async function reportView(req: Request, res: Response) {
    if (isLanguage(req.query.lang)) useLanguage(res, req.query.lang);
    const view = await dashboardView(req, res, { wholeGrid: false });
    const [balance, alerts, top, methodology] = await Promise.all([
      portfolioBalance(db, view.filters),
      currentRetentionAlerts(db),
      topSmallAgile(db, view.filters),
      activeMethodology(db),
    ]);
    return {
      ...view,
      balance,
      alerts: alerts.slice(0, REPORT_ALERTS),
      alertTotal: alerts.length,
      top,
      methodology,
      generatedAt: new Date().toISOString(),
    };
  }

  return [
    get('/dashboard', 'partners.read', async (req, res) => {
      const view = await dashboardView(req, res, { wholeGrid: req.query.coverage === 'all' });
      const wanted = requestedExport(req);
      const chart = CHARTS.find((id) => id === req.query.chart) as ChartId | undefined;
      if (wanted && chart) {
        const table = chartTable(chart, view.figures, view.names, res.locals.t);
        return sendExport(res, wanted, {
          name: `dashboard-${chart}`,
          sheet: 'export.sheet.dashboard',
          columns: table.columns,
          rows: table.rows,
        });
      }
      res.status(view.status).render('dashboard/index', view);
    }),

    // The same figures for other tools; filters are checked strictly, as everywhere in the API.
    get('/api/v1/dashboard', 'partners.read', async (req, res) => {
      const filters = withDefaultPeriod(parseOrThrow(dashboardQuerySchema, req.query));
      res.json(await dashboardFigures(db, filters));
    }),

    get('/reports/portfolio', 'partners.read', async (req, res) => {
      const view = await reportView(req, res);
      res.status(view.status).render('reports/portfolio', view);
    }),

    get('/reports/portfolio.pdf', 'partners.read', async (req, res) => {
      if (!reports.pdf)
        return res.status(503).render('errors/bad-request', { message: res.locals.t('report.pdfUnavailable') });
      const view = await reportView(req, res);
      const html = await new Promise<string>((resolve, reject) =>
        res.app.render('reports/portfolio', { ...res.locals, ...view, pdf: true }, (error, rendered) =>
          error ? reject(error) : resolve(rendered),
        ),
      );
      const pdf = await reports.pdf.render(html, reports.assetFile);
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${res.locals.t('report.fileName')}-${view.filters.from}-${view.filters.to}.pdf"`,
      );
      res.setHeader('Cache-Control', 'no-store');
      res.end(pdf);
    }),
  ];
}
