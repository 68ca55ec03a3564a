// Server-rendered partner pages. Thin: parse, call the service, render or redirect.
import { referenceNames } from '../exports/reference-names.js';
import { inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { partnerColumns } from './export.js';
import type { Request, Response } from 'express';
import type { Db } from '../database/connect.js';
import { listAuditEvents } from '../audit/repository.js';
import { listEvents, listFlags, listReviews } from '../evidence/repository.js';
import { restoreBlocker } from '../evidence/removal.js';
import { decisionRestoreBlocker } from '../portfolio/service.js';
import { reasonFor, receiptNotes } from '../scoring/explain.js';
import { getScore } from '../scoring/service.js';
import { agreementsOfPartner } from '../portfolio/repository.js';
import { standingsOf } from './repository.js';
import { inPortfolio } from '../portfolio/rules.js';
import { ecuadorToday } from '../shared/dates.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/repository.js';
import { ConflictError, type FieldIssue, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors } from '../shared/forms.js';
import { toFieldIssues } from '../shared/validation.js';
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
const NOTICES = [
  'created',
  'updated',
  'archived',
  'restored',
  'eventSaved',
  'eventRemoved',
  'reviewSaved',
  'reviewRemoved',
  'flagRaised',
  'flagSaved',
  'flagRemoved',
  'flagResolved',
  'flagReopened',
  'decisionRecorded',
  'eventRestored',
  'reviewRestored',
  'flagRestored',
  'decisionRemoved',
  'decisionRestored',
] as const;
const UNDOABLE = {
  eventRemoved: ['event', 'events'],
  reviewRemoved: ['review', 'reviews'],
  flagRemoved: ['flag', 'flags'],
  decisionRemoved: ['decision', 'decisions'],
} as const;

/** Right after a removal, the notice offers Undo while the record can still go back. */
async function undoOffer(
  db: Db,
  req: Request,
  partnerId: number,
): Promise<{ action: string; blocked: string | null } | null> {
  const notice = req.query.notice;
  const id = Number(req.query.undo);
  if (typeof notice !== 'string' || !Object.hasOwn(UNDOABLE, notice) || !Number.isSafeInteger(id) || id <= 0)
    return null;
  const [kind, section] = UNDOABLE[notice as keyof typeof UNDOABLE];
  const blocked =
    kind === 'decision'
      ? await decisionRestoreBlocker(db, partnerId, id)
      : await restoreBlocker(db, kind, partnerId, id);
  return { action: `/partners/${partnerId}/${section}/${id}/restore`, blocked };
}

/** The list's address for a query, leaving defaults out so links stay short and shareable. */
function listUrl(query: PartnerListQuery, changes: Partial<PartnerListQuery> = {}): string {
  const merged = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
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

function noticeOf(req: Request): string | null {
  const notice = req.query.notice;
  return (NOTICES as readonly unknown[]).includes(notice) ? `partners.notice.${notice as string}` : null;
}

const FIELD_ORDER = [...PROFILE_FIELDS, 'version'];

function partnerFormErrors(res: Response, issues: FieldIssue[]) {
  return formErrors(res, issues, FIELD_ORDER);
}

async function referenceData(db: Db) {
  const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
  return { territories, assistanceTypes };
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

const HISTORY_LENGTH = 20;
const RECENT_EVENTS = 10;

export function partnerPageRoutes(db: Db): RouteSpec[] {
  async function renderForm(
    res: Response,
    status: number,
    view: { mode: 'new' | 'edit'; values: FormValues; issues?: FieldIssue[]; partner?: { id: number; name: string } },
  ) {
    res.status(status).render('partners/form', {
      ...VOCABULARY,
      ...view,
      errors: partnerFormErrors(res, view.issues ?? []),
      ...(await referenceData(db)),
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
      const [{ data, total }, reference] = await Promise.all([service.listPartners(db, query), referenceData(db)]);
      res.render('partners/list', {
        ...VOCABULARY,
        partners: data,
        scores: await standingsOf(
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

    get('/partners/:id', 'partners.read', async (req, res) => {
      const { partner, warnings } = await service.getPartner(db, idParam(req, 'partner'));
      const [history, scored, events, reviews, flags, reference] = await Promise.all([
        listAuditEvents(db, { entity: 'partner', entityId: partner.id }, { limit: HISTORY_LENGTH, offset: 0 }),
        getScore(db, partner.id),
        listEvents(db, { partnerId: partner.id, page: 1, pageSize: RECENT_EVENTS }),
        listReviews(db, partner.id),
        listFlags(db, partner.id),
        referenceData(db),
      ]);
      const { methodology } = scored;
      const [agreements, decisions] = await Promise.all([
        agreementsOfPartner(db, partner.id),
        db
          .selectFrom('decisions')
          .selectAll()
          .where('partnerId', '=', partner.id)
          .orderBy('decidedAt', 'desc')
          .limit(20)
          .execute(),
      ]);
      res.render('partners/show', {
        partner,
        warnings,
        history: history.data,
        historyTotal: history.total,
        notice: noticeOf(req),
        undo: await undoOffer(db, req, partner.id),
        score: scored.score,
        standing: scored.standing,
        reason: reasonFor(scored.score, methodology.parameters, res.locals.t, res.locals.fmt),
        notes: receiptNotes(
          scored.score,
          scored.standing,
          scored.next,
          methodology.parameters,
          res.locals.t,
          res.locals.fmt,
        ),
        methodology,
        events: events.data,
        eventTotal: events.total,
        reviews,
        flags,
        agreements,
        decisions,
        inPortfolio: inPortfolio(agreements, ecuadorToday()),
        ...reference,
      });
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
          return res.status(409).render('partners/conflict', {
            ...VOCABULARY,
            stale,
            partner: stale.current,
            values: formValuesOf(stale.merged, stale.current.version),
            errors: NO_ERRORS,
            ...(await referenceData(db)),
          });
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
