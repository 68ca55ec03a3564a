// The dashboard's figures for other tools; filters are checked strictly, as everywhere in the API.
import { type RouteSpec, get } from '../http/routing.js';
import { parseOrThrow } from '../shared/validation.js';
import { dashboardQuerySchema, withDefaultPeriod } from './filters.js';
import { type Db, dashboardFigures } from './service.js';

export function dashboardApiRoutes(db: Db): RouteSpec[] {
  return [
    get('/api/v1/dashboard', 'partners.read', async (req, res) => {
      const filters = withDefaultPeriod(parseOrThrow(dashboardQuerySchema, req.query));
      res.json(await dashboardFigures(db, filters));
    }),
  ];
}
