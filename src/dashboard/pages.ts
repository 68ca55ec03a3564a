// Leadership's dashboard, and each of its charts as a CSV/XLSX table.
import { requestedExport, sendExport } from '../exports/table-export.js';
import { type RouteSpec, get } from '../http/routing.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { FILTER_FIELDS, filtersFromQuery } from './filters.js';
import { type Db, dashboardView } from './service.js';
import { CHARTS, chartTable } from './tables.js';

export function dashboardRoutes(db: Db): RouteSpec[] {
  return [
    get('/dashboard', 'partners.read', async (req, res) => {
      const { filters, issues } = filtersFromQuery(req.query);
      const { t, lang } = res.locals;
      const view = await dashboardView(db, filters, { wholeGrid: req.query.coverage === 'all', t, language: lang });
      const wanted = requestedExport(req);
      const chart = CHARTS.find((id) => id === req.query.chart);
      if (wanted && chart) {
        const table = chartTable(chart, view.figures, view.names, t);
        return sendExport(res, wanted, {
          name: `dashboard-${chart}`,
          sheet: 'export.sheet.dashboard',
          columns: table.columns,
          rows: table.rows,
        });
      }
      res.status(issues.length ? 400 : 200).render('dashboard/index', {
        ...view,
        errors: issues.length ? formErrors(res, issues, FILTER_FIELDS) : NO_ERRORS,
      });
    }),
  ];
}
