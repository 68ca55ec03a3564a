// Server-rendered partner pages. Thin: parse, call the service, render or redirect.
import type { Response } from 'express';
import { referenceNames } from '../exports/reference-names.js';
import { inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors } from '../shared/forms.js';
import { toFieldIssues } from '../shared/validation.js';
import { partnerColumns } from './export.js';
import { type FormValues, formValuesOf, inputFromForm, submittedValues } from './form.js';
import {
  LOCALIZATION_CATEGORIES,
  ORGANIZATION_TYPES,
  PARTNER_STATUSES,
  PROFILE_FIELDS,
  suggestedLocalization,
} from './partner.js';
import {
  PARTNER_SORTS,
  type PartnerListQuery,
  createPartnerSchema,
  partnerListQuerySchema,
  updatePartnerSchema,
} from './schemas.js';
import * as service from './service.js';
import { SIZE_CLASSES } from './size-class.js';

const PAGE_SIZE = 25;

/** The list's address for a query, leaving defaults out so links stay short and shareable. */
function listUrl(query: PartnerListQuery, changes: Partial<PartnerListQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries<string | number | undefined>(merged)) {
    if (value === undefined || value === '') continue;
    if (
      (key === 'sort' && value === 'name') ||
      (key === 'page' && value === 1) ||
      (key === 'pageSize' && value === PAGE_SIZE)
    )
      continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `/partners?${search}` : '/partners';
}

const FIELD_ORDER = [...PROFILE_FIELDS, 'version'];

function partnerFormErrors(res: Response, issues: FieldIssue[]) {
  return formErrors(res, issues, FIELD_ORDER);
}

/** Vocabularies the partner views render options and labels from. */
const VOCABULARY = {
  organizationTypes: ORGANIZATION_TYPES,
  localizationCategories: LOCALIZATION_CATEGORIES,
  partnerStatuses: PARTNER_STATUSES,
  partnerSorts: PARTNER_SORTS,
  sizeClasses: SIZE_CLASSES,
  suggestedLocalization,
};

export function partnerPageRoutes(db: service.Db): RouteSpec[] {
  async function renderForm(
    res: Response,
    status: number,
    view: { mode: 'new' | 'edit'; values: FormValues; issues?: FieldIssue[]; partner?: { id: number; name: string } },
  ) {
    res.status(status).render('partners/form', {
      ...VOCABULARY,
      ...view,
      errors: partnerFormErrors(res, view.issues ?? []),
      ...(await service.partnerReferenceLists(db)),
    });
  }

  return [
    // Leadership lands on the dashboard; the people who keep the data, on the partner list.
    get('/', 'partners.read', (_req, res) =>
      res.redirect(302, res.locals.user?.role === 'viewer' ? '/dashboard' : '/partners'),
    ),

    get('/partners', 'partners.read', async (req, res) => {
      const { query, ignored } = filtersFromAddress(partnerListQuerySchema, req.query, { pageSize: PAGE_SIZE });
      const wanted = requestedExport(req);
      if (wanted) {
        const rows = inPages(
          async (limit, offset) =>
            (await service.listPartners(db, { ...query, page: offset / limit + 1, pageSize: limit })).data,
        );
        return sendExport(res, wanted, {
          name: 'partners',
          columns: partnerColumns(await referenceNames(db, res.locals.lang)),
          rows,
        });
      }
      const [{ data, total }, reference] = await Promise.all([
        service.listPartners(db, query),
        service.partnerReferenceLists(db),
      ]);
      res.render('partners/list', {
        ...VOCABULARY,
        partners: data,
        scores: await service.partnerStandings(
          db,
          data.map((p) => p.id),
        ),
        total,
        query,
        ignored,
        pages: Math.max(1, Math.ceil(total / query.pageSize)),
        listUrl: (changes: Partial<PartnerListQuery>) => listUrl(query, changes),
        ...reference,
      });
    }),

    get('/partners/new', 'partners.write', async (_req, res) => {
      await renderForm(res, 200, {
        mode: 'new',
        values: { status: 'active', territoryIds: [], assistanceTypeIds: [] },
      });
    }),

    post('/partners', 'partners.write', async (req, res) => {
      const values = submittedValues(req.body);
      const parsed = createPartnerSchema.safeParse(inputFromForm(values));
      if (!parsed.success) return renderForm(res, 400, { mode: 'new', values, issues: toFieldIssues(parsed.error) });
      try {
        const { partner } = await service.createPartner(db, actorOf(res), parsed.data);
        res.redirect(303, `/partners/${partner.id}?notice=created`);
      } catch (error) {
        if (error instanceof ValidationError || error instanceof ConflictError) {
          return renderForm(res, 400, { mode: 'new', values, issues: error.issues });
        }
        throw error;
      }
    }),

    get('/partners/:id/edit', 'partners.write', async (req, res) => {
      const { partner } = await service.getPartner(db, idParam(req, 'partner'));
      await renderForm(res, 200, { mode: 'edit', values: formValuesOf(partner, partner.version), partner });
    }),

    post('/partners/:id/edit', 'partners.write', async (req, res) => {
      const { partner } = await service.getPartner(db, idParam(req, 'partner'));
      const values = submittedValues(req.body);
      const parsed = updatePartnerSchema.safeParse(inputFromForm(values));
      if (!parsed.success) {
        return renderForm(res, 400, { mode: 'edit', values, issues: toFieldIssues(parsed.error), partner });
      }
      try {
        await service.updatePartner(db, actorOf(res), partner.id, parsed.data);
        res.redirect(303, `/partners/${partner.id}?notice=updated`);
      } catch (error) {
        if (error instanceof service.StalePartnerEditError) {
          const { stale } = error;
          res.status(409).render('partners/conflict', {
            ...VOCABULARY,
            stale,
            partner: stale.current,
            values: formValuesOf(stale.merged, stale.current.version),
            errors: NO_ERRORS,
            ...(await service.partnerReferenceLists(db)),
          });
          return;
        }
        if (error instanceof ValidationError || error instanceof ConflictError) {
          return renderForm(res, 400, { mode: 'edit', values, issues: error.issues, partner });
        }
        throw error;
      }
    }),

    post('/partners/:id/archive', 'partners.write', async (req, res) => {
      const partner = await service.setPartnerStatus(db, actorOf(res), idParam(req, 'partner'), 'archived');
      res.redirect(303, `/partners/${partner.id}?notice=archived`);
    }),

    post('/partners/:id/restore', 'partners.write', async (req, res) => {
      const partner = await service.setPartnerStatus(db, actorOf(res), idParam(req, 'partner'), 'active');
      res.redirect(303, `/partners/${partner.id}?notice=restored`);
    }),
  ];
}
