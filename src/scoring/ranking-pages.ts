// The ranking page and its CSV/XLSX: active partners by overall score, filtered by address.
import { requestedExport, sendExport } from '../exports/table-export.js';
import { type RouteSpec, get } from '../http/routing.js';
import { filtersFromAddress } from '../shared/forms.js';
import { evidenceLevel } from './evidence-level.js';
import { reasonFor } from './explain.js';
import { RECOMMENDATIONS } from './score.js';
import { SIZE_CLASSES, rankingFilterParams, scoreListQuerySchema } from './schemas.js';
import * as service from './service.js';

const RANKING_PAGE_SIZE = 50;

export function rankingPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/ranking', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(scoreListQuerySchema, req.query, { pageSize: RANKING_PAGE_SIZE });
      const { t, fmt, lang } = res.locals;
      const wanted = requestedExport(req);
      if (wanted)
        return sendExport(res, wanted, { name: 'ranking', ...(await service.rankingExport(db, query, lang)) });
      const { data, total, methodology, sizeBands, territories, assistanceTypes, evidenceFirstDraft } =
        await service.rankingPage(db, query);
      const params = rankingFilterParams(query);
      res.render('scoring/ranking', {
        rows: data.map(({ score, standing }) => ({
          score,
          standing,
          reason: reasonFor(score, methodology.parameters, t, fmt),
        })),
        total,
        query,
        pages: Math.max(1, Math.ceil(total / RANKING_PAGE_SIZE)),
        pageUrl: (page: number) => `/ranking?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`,
        methodology,
        sizeBands,
        territories,
        assistanceTypes,
        sizeClasses: SIZE_CLASSES,
        recommendations: RECOMMENDATIONS,
        evidenceLevel,
        evidenceFirstDraft,
      });
    }),
  ];
}
