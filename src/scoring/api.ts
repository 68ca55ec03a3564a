// Scores through the JSON API.
import { idParam } from '../http/params.js';
import { type RouteSpec, get } from '../http/routing.js';
import { parseOrThrow } from '../shared/validation.js';
import { reasonFor, scoreJson } from './explain.js';
import { scoreListQuerySchema } from './schemas.js';
import * as service from './service.js';

export function scoreApiRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/api/v1/scores', 'partners.read', async (req, res) => {
      const query = parseOrThrow(scoreListQuerySchema, req.query);
      const [{ data, total }, methodology] = await Promise.all([
        service.listScores(db, query),
        service.activeMethodology(db),
      ]);
      res.json({
        data: data.map(({ score, standing }) => ({
          ...scoreJson(score, standing, reasonFor(score, methodology.parameters, res.locals.t, res.locals.fmt)),
          name: score.name,
        })),
        page: query.page,
        pageSize: query.pageSize,
        total,
      });
    }),

    get('/api/v1/partners/:id/score', 'partners.read', async (req, res) => {
      const { score, standing, next, methodology } = await service.getScore(db, idParam(req, 'partner'));
      res.json(
        scoreJson(score, standing, reasonFor(score, methodology.parameters, res.locals.t, res.locals.fmt), next),
      );
    }),
  ];
}
