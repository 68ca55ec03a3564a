// The rapid-response finder, for every role: who can respond fastest in a territory, for an
// assistance type (and for how many people).
import { type RouteSpec, get } from '../http/routing.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { toFieldIssues } from '../shared/validation.js';
import { findResponders } from './rapid-response.js';
import { finderQuerySchema } from './schemas.js';
import * as service from './service.js';

// The labels the form shows, for fields without a `field.*` label of their own.
const FINDER_LABELS = {
  territoryId: 'filter.territory',
  assistanceTypeId: 'filter.assistanceType',
  people: 'finder.people',
};

export function rapidResponsePageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/rapid-response', 'partners.read', async (req, res) => {
      const { territories, assistanceTypes } = await service.referenceLists(db);
      const asked = req.query.territoryId !== undefined || req.query.assistanceTypeId !== undefined;
      if (!asked) {
        res.render('portfolio/finder', { territories, assistanceTypes, query: {}, result: null, errors: NO_ERRORS });
        return;
      }
      // An empty optional field ("people to reach") means not given.
      const parsed = finderQuerySchema.safeParse(
        Object.fromEntries(Object.entries(req.query).filter(([, v]) => v !== '')),
      );
      if (!parsed.success) {
        res.status(400).render('portfolio/finder', {
          territories,
          assistanceTypes,
          query: req.query,
          result: null,
          errors: formErrors(res, toFieldIssues(parsed.error), ['territoryId', 'assistanceTypeId', 'people'], {
            labels: FINDER_LABELS,
          }),
        });
        return;
      }
      const result = await findResponders(db, parsed.data);
      res.render('portfolio/finder', { territories, assistanceTypes, query: parsed.data, result, errors: NO_ERRORS });
    }),
  ];
}
