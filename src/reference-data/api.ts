// The reference data through the JSON API.
import { type RouteSpec, get } from '../http/routing.js';
import { type Db, listAssistanceTypes, listTerritories } from './service.js';

export function referenceDataApiRoutes(db: Db): RouteSpec[] {
  return [
    get('/api/v1/territories', 'partners.read', async (_req, res) => {
      res.json({ data: await listTerritories(db) });
    }),
    get('/api/v1/assistance-types', 'partners.read', async (_req, res) => {
      res.json({ data: await listAssistanceTypes(db) });
    }),
  ];
}
