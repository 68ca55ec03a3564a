// The portfolio's shape (balance against the targets) and the small partners about to leave it
// (retention alerts), for every role.
import { requestedExport, sendExport } from '../exports/table-export.js';
import { type RouteSpec, get } from '../http/routing.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { currentRetentionAlerts } from './alerts.js';
import { portfolioBalance } from './balance.js';
import { alertColumns } from './export.js';
import { LOCALIZATION_CATEGORIES, SIZE_CLASSES, balanceFiltersFromAddress } from './schemas.js';
import * as service from './service.js';

const ALERTS_PAGE_SIZE = 50;

export function balanceAlertsPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/portfolio/alerts', 'partners.read', async (req, res) => {
      const all = await currentRetentionAlerts(db);
      const wanted = requestedExport(req);
      if (wanted) return sendExport(res, wanted, { name: 'alerts', columns: alertColumns, rows: all });
      const pages = Math.max(1, Math.ceil(all.length / ALERTS_PAGE_SIZE));
      const asked = typeof req.query.page === 'string' ? req.query.page : '1';
      const page = Math.min(pages, Math.max(1, Number.parseInt(asked, 10) || 1));
      const shown = all.slice((page - 1) * ALERTS_PAGE_SIZE, page * ALERTS_PAGE_SIZE);
      res.render('portfolio/alerts', {
        urgent: shown.filter((a) => !a.longGone),
        longGone: shown.filter((a) => a.longGone),
        total: all.length,
        page,
        pages,
        territories: await service.listTerritories(db),
      });
    }),

    get('/portfolio/balance', 'partners.read', async (req, res) => {
      const { filters, issues } = balanceFiltersFromAddress(req.query);
      const [balance, { territories, assistanceTypes }] = await Promise.all([
        portfolioBalance(db, filters),
        service.referenceLists(db),
      ]);
      res.status(issues.length ? 400 : 200).render('portfolio/balance', {
        balance,
        filters,
        territories,
        assistanceTypes,
        sizeClasses: SIZE_CLASSES,
        localizationCategories: LOCALIZATION_CATEGORIES,
        errors: issues.length ? formErrors(res, issues, ['from', 'to', 'territoryId', 'assistanceTypeId']) : NO_ERRORS,
      });
    }),
  ];
}
