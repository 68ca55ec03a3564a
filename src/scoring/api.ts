// Scores through the JSON API.
import { z } from 'zod';
import type { Db } from '../database/connect.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, get } from '../http/routing.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { parseOrThrow } from '../shared/validation.js';
import { reasonFor, scoreJson } from './explain.js';
import { RECOMMENDATIONS } from './score.js';
import * as service from './service.js';

export const scoreListQuerySchema = z.object({
  territoryId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  assistanceTypeId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  sizeClass: z.enum(SIZE_CLASSES, { error: 'validation.invalidOption' }).optional(),
  recommendation: z.enum(RECOMMENDATIONS, { error: 'validation.invalidOption' }).optional(),
  page: z.coerce.number({ error: 'validation.number' }).int().min(1, 'validation.tooSmall').default(1),
  pageSize: z.coerce
    .number({ error: 'validation.number' })
    .int()
    .min(1, 'validation.tooSmall')
    .max(200, 'validation.tooBig')
    .default(50),
});

export function scoreApiRoutes(db: Db): RouteSpec[] {
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
          name: (score as { name?: string }).name,
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
