// Procurement's agreements: the filtered list (or its file), one agreement, and the form to draft,
// edit, activate and close one.
import type { Request, Response } from 'express';
import { inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ecuadorToday } from '../shared/dates.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm } from '../shared/forms.js';
import { type AgreementFormValues, agreementFormValues, agreementInput, agreementValues } from './agreement-form.js';
import { agreementColumns } from './export.js';
import { AGREEMENT_STATUSES } from './rules.js';
import {
  AGREEMENT_FORM_FIELDS,
  LOCALIZATION_CATEGORIES,
  SIZE_CLASSES,
  type AgreementListQuery,
  agreementListQuerySchema,
  agreementSchema,
} from './schemas.js';
import * as service from './service.js';

const PAGE_SIZE = 50;
const NOTICES: Record<string, string> = {
  saved: 'agreements.saved',
  closed: 'agreements.closedNotice',
  active: 'agreements.activatedNotice',
};

/** The address of another page of the list, keeping its filters. */
function pageUrlOf(query: AgreementListQuery): (page: number) => string {
  const filters: Record<string, unknown> = query;
  const params = new URLSearchParams(
    Object.entries(filters)
      .filter(([k, v]) => v !== undefined && k !== 'page' && k !== 'pageSize')
      .map(([k, v]) => [k, String(v)]),
  );
  return (page) => `/agreements?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`;
}

/** The agreement form; a new agreement opened without a partner (from the header) lets the user choose one. */
async function renderAgreementForm(
  db: service.Db,
  res: Response,
  status: number,
  view: {
    values: AgreementFormValues;
    agreementId: number | null;
    choosePartner: boolean;
    issues?: FieldIssue[];
    stale?: boolean;
  },
) {
  const [{ territories, assistanceTypes }, partner, partners] = await Promise.all([
    service.referenceLists(db),
    service.findPartner(db, Number(view.values.partnerId)),
    view.choosePartner ? service.partnerChoices(db) : [],
  ]);
  res.status(status).render('portfolio/agreement-form', {
    ...view,
    partner,
    partnerName: partner?.name ?? null,
    partners,
    territories,
    assistanceTypes,
    statuses: AGREEMENT_STATUSES,
    errors: view.issues ? formErrors(res, view.issues, AGREEMENT_FORM_FIELDS) : NO_ERRORS,
  });
}

async function saveAgreement(db: service.Db, req: Request, res: Response, agreementId: number | null) {
  const values = agreementValues(req.body);
  const choosePartner =
    agreementId === null && (req.body as Record<string, unknown> | undefined)?.choosePartner === '1';
  const partner = await service.findPartner(db, Number(values.partnerId));
  if (!partner && !choosePartner) throw new NotFoundError('partner');
  const parsed = parseForm(agreementSchema, agreementInput(values));
  const view = { values, agreementId, choosePartner };
  const unknownPartner = !partner ? [{ path: 'partnerId', message: 'validation.partnerRequired' }] : [];
  if ('issues' in parsed) {
    await renderAgreementForm(db, res, 400, { ...view, issues: [...unknownPartner, ...parsed.issues] });
    return;
  }
  if (unknownPartner.length > 0) {
    await renderAgreementForm(db, res, 400, { ...view, issues: unknownPartner });
    return;
  }
  try {
    // An edit never moves the agreement to another partner: the service keeps the stored one.
    const { agreement } =
      agreementId === null
        ? await service.createAgreement(db, actorOf(res), parsed.data)
        : await service.updateAgreement(db, actorOf(res), agreementId, {
            ...parsed.data,
            version: Number(values.version),
          });
    res.redirect(303, `/agreements/${agreement.id}?notice=saved`);
  } catch (error) {
    if (error instanceof service.StaleAgreementError) {
      // Keep what the user typed; saving again now overwrites knowingly, against the current version.
      await renderAgreementForm(db, res, 409, {
        ...view,
        values: { ...values, version: String(error.current.version) },
        issues: error.issues,
        stale: true,
      });
      return;
    }
    if (!(error instanceof ValidationError || error instanceof ConflictError)) throw error;
    await renderAgreementForm(db, res, 400, { ...view, issues: error.issues });
  }
}

/** Closing or activating is an edit of the version the user saw: a change made since then is not applied blindly. */
async function moveAgreement(
  db: service.Db,
  req: Request,
  res: Response,
  from: 'draft' | 'active',
  to: 'active' | 'closed',
) {
  const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
  if (!agreement) throw new NotFoundError('agreement');
  const seen = Number((req.body as Record<string, unknown> | undefined)?.version);
  if (agreement.status !== from || seen !== agreement.version) {
    const refusal =
      agreement.status === from
        ? 'validation.staleAgreement'
        : to === 'closed'
          ? 'agreements.closeNotActive'
          : 'agreements.activateNotDraft';
    res.status(409).render('errors/bad-request', { message: res.locals.t(refusal) });
    return;
  }
  await service.updateAgreement(db, actorOf(res), agreement.id, { status: to, version: seen });
  res.redirect(303, `/agreements/${agreement.id}?notice=${to}`);
}

export function agreementPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/agreements', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(agreementListQuerySchema, req.query, { pageSize: PAGE_SIZE });
      const wanted = requestedExport(req);
      if (wanted) {
        const rows = inPages(
          async (limit, offset) =>
            (await service.listAgreements(db, { ...query, page: offset / limit + 1, pageSize: limit })).data,
        );
        return sendExport(res, wanted, {
          name: 'agreements',
          columns: agreementColumns(await service.referenceNames(db, res.locals.lang)),
          rows,
        });
      }
      const [{ data, total, amountUsd }, { territories, assistanceTypes }] = await Promise.all([
        service.listAgreements(db, query),
        service.referenceLists(db),
      ]);
      res.render('portfolio/agreements', {
        agreements: data,
        total,
        amountUsd,
        query,
        territories,
        assistanceTypes,
        statuses: AGREEMENT_STATUSES,
        sizeClasses: SIZE_CLASSES,
        localizationCategories: LOCALIZATION_CATEGORIES,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        pageUrl: pageUrlOf(query),
      });
    }),

    get('/agreements/new', 'portfolio.manage', async (req, res) => {
      const partner =
        req.query.partnerId === undefined ? undefined : await service.findPartner(db, Number(req.query.partnerId));
      if (req.query.partnerId !== undefined && !partner) throw new NotFoundError('partner');
      const code = await service.suggestAgreementCode(db, Number(ecuadorToday().slice(0, 4)));
      await renderAgreementForm(db, res, 200, {
        values: {
          partnerId: partner ? String(partner.id) : '',
          code,
          title: '',
          startDate: '',
          endDate: '',
          amountUsd: '',
          territoryIds: partner?.territoryIds.map(String) ?? [],
          assistanceTypeIds: partner?.assistanceTypeIds.map(String) ?? [],
          peopleTargeted: '',
          peopleReached: '',
          status: 'draft',
        },
        agreementId: null,
        choosePartner: !partner,
      });
    }),

    post('/agreements', 'portfolio.manage', (req, res) => saveAgreement(db, req, res, null)),

    get('/agreements/:id', 'partners.read', async (req, res) => {
      const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
      if (!agreement) throw new NotFoundError('agreement');
      const [partner, { territories, assistanceTypes }] = await Promise.all([
        service.findPartner(db, agreement.partnerId),
        service.referenceLists(db),
      ]);
      const notice = typeof req.query.notice === 'string' ? NOTICES[req.query.notice] : undefined;
      res.render('portfolio/agreement', { agreement, partner, territories, assistanceTypes, notice: notice ?? null });
    }),

    get('/agreements/:id/edit', 'portfolio.manage', async (req, res) => {
      const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
      if (!agreement) throw new NotFoundError('agreement');
      await renderAgreementForm(db, res, 200, {
        values: agreementFormValues(agreement),
        agreementId: agreement.id,
        choosePartner: false,
      });
    }),

    post('/agreements/:id/edit', 'portfolio.manage', (req, res) =>
      saveAgreement(db, req, res, idParam(req, 'agreement')),
    ),

    post('/agreements/:id/close', 'portfolio.manage', (req, res) => moveAgreement(db, req, res, 'active', 'closed')),

    post('/agreements/:id/activate', 'portfolio.manage', (req, res) => moveAgreement(db, req, res, 'draft', 'active')),
  ];
}
