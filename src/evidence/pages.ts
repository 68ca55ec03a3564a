// Pages to log, edit and remove a partner's response events, reviews and flags.
import { requestedExport } from '../exports/table-export.js';
import type { Request, Response } from 'express';
import type { Db } from '../database/connect.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { labelKey } from '../i18n/index.js';
import type { Partner } from '../partners/partner.js';
import { findPartner } from '../partners/repository.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/repository.js';
import { activeMethodology } from '../scoring/repository.js';
import { toEcuadorLocalInput } from '../shared/dates.js';
import { type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { parseLocaleNumber } from '../shared/numbers.js';
import {
  FLAG_CATEGORIES,
  FLAG_LEVELS,
  eventListQuerySchema,
  eventSchema,
  flagPatchSchema,
  flagSchema,
  reviewSchema,
} from './schemas.js';
import { type EvidenceKind, previewRemoval, restoreEvidence } from './removal.js';
import * as service from './service.js';

type Values = Record<string, string>;
const EVENTS_PAGE_SIZE = 25;
const ENTITY_OF = { event: 'response_event', review: 'review', flag: 'flag' } as const;

const number = (value: string) => (value.trim() === '' ? null : parseLocaleNumber(value));

async function partnerOf(db: Db, req: Request): Promise<Partner> {
  const partner = await findPartner(db, idParam(req, 'partner'));
  if (!partner) throw new NotFoundError('partner');
  return partner;
}

const EVENT_FIELDS = [
  'territoryId',
  'assistanceTypeId',
  'requestedAt',
  'firstAssistanceAt',
  'peopleAssisted',
  'notes',
] as const;
const REVIEW_FIELDS = ['periodStart', 'periodEnd', 'rating', 'notes'] as const;
const FLAG_FIELDS = ['level', 'category', 'comment'] as const;

const eventInput = (v: Values) => ({
  territoryId: number(v.territoryId!),
  assistanceTypeId: number(v.assistanceTypeId!),
  requestedAt: v.requestedAt,
  firstAssistanceAt: v.firstAssistanceAt,
  peopleAssisted: number(v.peopleAssisted!),
  notes: v.notes,
});
const reviewInput = (v: Values) => ({
  periodStart: v.periodStart,
  periodEnd: v.periodEnd,
  rating: number(v.rating!),
  notes: v.notes,
});

export function evidencePageRoutes(db: Db): RouteSpec[] {
  async function renderEventForm(
    res: Response,
    status: number,
    partner: Partner,
    values: Values,
    issues: FieldIssue[] = [],
    eventId?: number,
  ) {
    const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
    res.status(status).render('evidence/event-form', {
      partner,
      values,
      eventId: eventId ?? null,
      territories,
      assistanceTypes,
      errors: issues.length ? formErrors(res, issues, EVENT_FIELDS) : NO_ERRORS,
    });
  }
  function renderReviewForm(
    res: Response,
    status: number,
    partner: Partner,
    values: Values,
    issues: FieldIssue[] = [],
    reviewId?: number,
  ) {
    res.status(status).render('evidence/review-form', {
      partner,
      values,
      reviewId: reviewId ?? null,
      errors: issues.length ? formErrors(res, issues, REVIEW_FIELDS) : NO_ERRORS,
    });
  }
  function renderFlagForm(
    res: Response,
    status: number,
    partner: Partner,
    values: Values,
    issues: FieldIssue[] = [],
    flagId?: number,
  ) {
    res.status(status).render('evidence/flag-form', {
      partner,
      values,
      flagId: flagId ?? null,
      levels: FLAG_LEVELS,
      categories: FLAG_CATEGORIES,
      errors: issues.length ? formErrors(res, issues, FLAG_FIELDS) : NO_ERRORS,
    });
  }

  /** Saves through the service; a rule it enforces re-renders the form with the message. */
  async function saving(
    render: (issues: FieldIssue[]) => Promise<void> | void,
    work: () => Promise<unknown>,
    done: () => void,
  ) {
    try {
      await work();
    } catch (error) {
      if (error instanceof ValidationError) return render(error.issues);
      throw error;
    }
    done();
  }

  const back = (res: Response, partnerId: number, notice: string, anchor: string) =>
    res.redirect(303, `/partners/${partnerId}?notice=${notice}#${anchor}`);

  const SECTION = { event: 'events', review: 'reviews', flag: 'flags' } as const;

  /** The GOV.UK confirmation page: the record, and the partner's score and recommendation before → after. */
  function confirmRemoval(
    res: Response,
    kind: EvidenceKind,
    partner: Partner,
    recordId: number,
    preview: { before: unknown; after: unknown },
    details: [string, string][],
  ) {
    const t = res.locals.t;
    res.render('removals/confirm', {
      heading: t(`removal.${kind}.heading`),
      effect: t(`removal.${kind}.effect`, { partner: partner.name }),
      partner,
      details,
      before: preview.before,
      after: preview.after,
      action: `/partners/${partner.id}/${SECTION[kind]}/${recordId}/delete`,
      cancel: `/partners/${partner.id}#${SECTION[kind]}`,
    });
  }

  /** After a removal the partner page offers Undo from its notice (top of the page, so no anchor). */
  const removed = (res: Response, partnerId: number, kind: EvidenceKind, id: number) =>
    res.redirect(303, `/partners/${partnerId}?notice=${kind}Removed&undo=${id}`);

  async function restore(req: Request, res: Response, kind: EvidenceKind, param: string) {
    const partnerId = idParam(req, 'partner');
    const blocked = await restoreEvidence(db, actorOf(res), kind, partnerId, idParam(req, ENTITY_OF[kind], param));
    if (blocked)
      return res
        .status(409)
        .render('removals/refused', { reason: `undo.blocked.${blocked}`, back: `/partners/${partnerId}` });
    back(res, partnerId, `${kind}Restored`, SECTION[kind]);
  }

  return [
    get('/partners/:id/events', 'partners.read', async (req, res) => {
      const partner = await partnerOf(db, req);
      const wanted = requestedExport(req);
      if (wanted)
        return res.redirect(
          302,
          `/events?partnerId=${partner.id}&format=${wanted.format}${wanted.hxl ? '&hxl=1' : ''}`,
        );
      const parsed = eventListQuerySchema.safeParse({
        page: req.query.page || 1,
        pageSize: EVENTS_PAGE_SIZE,
        partnerId: partner.id,
      });
      const query = parsed.success
        ? parsed.data
        : eventListQuerySchema.parse({ pageSize: EVENTS_PAGE_SIZE, partnerId: partner.id });
      const [{ data, total }, methodology, territories, assistanceTypes] = await Promise.all([
        service.listEvents(db, query),
        activeMethodology(db),
        listTerritories(db),
        listAssistanceTypes(db),
      ]);
      res.render('evidence/events', {
        partner,
        events: data,
        total,
        page: query.page,
        pages: Math.max(1, Math.ceil(total / EVENTS_PAGE_SIZE)),
        worstHours: methodology.parameters.response.worstHours,
        territories,
        assistanceTypes,
      });
    }),

    get('/partners/:id/events/new', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const only = (ids: number[]) => (ids.length === 1 ? String(ids[0]) : '');
      await renderEventForm(res, 200, partner, {
        territoryId: only(partner.territoryIds),
        assistanceTypeId: only(partner.assistanceTypeIds),
        requestedAt: '',
        firstAssistanceAt: '',
        peopleAssisted: '',
        notes: '',
      });
    }),

    post('/partners/:id/events', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const values = textFields(req.body, EVENT_FIELDS);
      const parsed = parseForm(eventSchema, eventInput(values));
      if ('issues' in parsed) return renderEventForm(res, 400, partner, values, parsed.issues);
      await saving(
        (issues) => renderEventForm(res, 400, partner, values, issues),
        () => service.logEvent(db, actorOf(res), partner.id, parsed.data),
        () => back(res, partner.id, 'eventSaved', 'events'),
      );
    }),

    get('/partners/:id/events/:eventId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const event = await service.findEvent(db, partner.id, idParam(req, 'response_event', 'eventId'));
      if (!event) throw new NotFoundError('response_event');
      await renderEventForm(
        res,
        200,
        partner,
        {
          territoryId: String(event.territoryId),
          assistanceTypeId: String(event.assistanceTypeId),
          requestedAt: toEcuadorLocalInput(event.requestedAt),
          firstAssistanceAt: event.firstAssistanceAt ? toEcuadorLocalInput(event.firstAssistanceAt) : '',
          peopleAssisted: event.peopleAssisted === null ? '' : String(event.peopleAssisted),
          notes: event.notes ?? '',
        },
        [],
        event.id,
      );
    }),

    post('/partners/:id/events/:eventId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const eventId = idParam(req, 'response_event', 'eventId');
      const values = textFields(req.body, EVENT_FIELDS);
      const parsed = parseForm(eventSchema, eventInput(values));
      if ('issues' in parsed) return renderEventForm(res, 400, partner, values, parsed.issues, eventId);
      const changes = {
        ...parsed.data,
        firstAssistanceAt: parsed.data.firstAssistanceAt ?? null,
        peopleAssisted: parsed.data.peopleAssisted ?? null,
        notes: parsed.data.notes ?? null,
      };
      await saving(
        (issues) => renderEventForm(res, 400, partner, values, issues, eventId),
        () => service.changeEvent(db, actorOf(res), partner.id, eventId, changes),
        () => back(res, partner.id, 'eventSaved', 'events'),
      );
    }),

    get('/partners/:id/events/:eventId/delete', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const preview = await previewRemoval(db, 'event', partner.id, idParam(req, 'response_event', 'eventId'));
      const event = preview.record;
      const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      const { t, fmt, localName } = res.locals;
      const nameOf = (items: { id: number; nameEs: string; nameEn: string }[], id: number) => {
        const item = items.find((i) => i.id === id);
        return item ? localName(item) : String(id);
      };
      confirmRemoval(res, 'event', partner, event.id, preview, [
        [t('field.territoryId'), nameOf(territories, event.territoryId)],
        [t('field.assistanceTypeId'), nameOf(assistanceTypes, event.assistanceTypeId)],
        [t('field.requestedAt'), fmt.dateTime(event.requestedAt)],
        [t('field.firstAssistanceAt'), event.firstAssistanceAt ? fmt.dateTime(event.firstAssistanceAt) : '—'],
        [t('field.peopleAssisted'), event.peopleAssisted === null ? '—' : fmt.integer(event.peopleAssisted)],
      ]);
    }),

    post('/partners/:id/events/:eventId/delete', 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const eventId = idParam(req, 'response_event', 'eventId');
      await service.removeEvent(db, actorOf(res), partnerId, eventId);
      removed(res, partnerId, 'event', eventId);
    }),

    post('/partners/:id/events/:eventId/restore', 'evidence.write', (req, res) =>
      restore(req, res, 'event', 'eventId'),
    ),

    get('/partners/:id/reviews/new', 'evidence.write', async (req, res) => {
      renderReviewForm(res, 200, await partnerOf(db, req), { periodStart: '', periodEnd: '', rating: '', notes: '' });
    }),

    post('/partners/:id/reviews', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const values = textFields(req.body, REVIEW_FIELDS);
      const parsed = parseForm(reviewSchema, reviewInput(values));
      if ('issues' in parsed) return renderReviewForm(res, 400, partner, values, parsed.issues);
      await service.addReview(db, actorOf(res), partner.id, parsed.data);
      back(res, partner.id, 'reviewSaved', 'reviews');
    }),

    get('/partners/:id/reviews/:reviewId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const review = await service.findReview(db, partner.id, idParam(req, 'review', 'reviewId'));
      if (!review) throw new NotFoundError('review');
      renderReviewForm(
        res,
        200,
        partner,
        {
          periodStart: review.periodStart,
          periodEnd: review.periodEnd,
          rating: String(review.rating),
          notes: review.notes ?? '',
        },
        [],
        review.id,
      );
    }),

    post('/partners/:id/reviews/:reviewId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const reviewId = idParam(req, 'review', 'reviewId');
      const values = textFields(req.body, REVIEW_FIELDS);
      const parsed = parseForm(reviewSchema, reviewInput(values));
      if ('issues' in parsed) return renderReviewForm(res, 400, partner, values, parsed.issues, reviewId);
      await service.changeReview(db, actorOf(res), partner.id, reviewId, {
        ...parsed.data,
        notes: parsed.data.notes ?? null,
      });
      back(res, partner.id, 'reviewSaved', 'reviews');
    }),

    get('/partners/:id/reviews/:reviewId/delete', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const preview = await previewRemoval(db, 'review', partner.id, idParam(req, 'review', 'reviewId'));
      const review = preview.record;
      const { t, fmt } = res.locals;
      confirmRemoval(res, 'review', partner, review.id, preview, [
        [t('reviews.period'), `${fmt.day(review.periodStart)} – ${fmt.day(review.periodEnd)}`],
        [t('field.rating'), `${review.rating} / 5`],
        [t('field.notes'), review.notes ?? '—'],
      ]);
    }),

    post('/partners/:id/reviews/:reviewId/delete', 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const reviewId = idParam(req, 'review', 'reviewId');
      await service.removeReview(db, actorOf(res), partnerId, reviewId);
      removed(res, partnerId, 'review', reviewId);
    }),

    post('/partners/:id/reviews/:reviewId/restore', 'evidence.write', (req, res) =>
      restore(req, res, 'review', 'reviewId'),
    ),

    get('/partners/:id/flags/new', 'evidence.write', async (req, res) => {
      renderFlagForm(res, 200, await partnerOf(db, req), { level: '', category: '', comment: '' });
    }),

    post('/partners/:id/flags', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const values = textFields(req.body, FLAG_FIELDS);
      const parsed = parseForm(flagSchema, values);
      if ('issues' in parsed) return renderFlagForm(res, 400, partner, values, parsed.issues);
      await service.raiseFlag(db, actorOf(res), partner.id, parsed.data);
      back(res, partner.id, 'flagRaised', 'flags');
    }),

    get('/partners/:id/flags/:flagId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flag = await service.findFlag(db, partner.id, idParam(req, 'flag', 'flagId'));
      if (!flag) throw new NotFoundError('flag');
      renderFlagForm(
        res,
        200,
        partner,
        { level: flag.level, category: flag.category, comment: flag.comment },
        [],
        flag.id,
      );
    }),

    post('/partners/:id/flags/:flagId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flagId = idParam(req, 'flag', 'flagId');
      const values = textFields(req.body, FLAG_FIELDS);
      const parsed = parseForm(flagSchema, values);
      if ('issues' in parsed) return renderFlagForm(res, 400, partner, values, parsed.issues, flagId);
      await service.changeFlag(db, actorOf(res), partner.id, flagId, parsed.data);
      back(res, partner.id, 'flagSaved', 'flags');
    }),

    get('/partners/:id/flags/:flagId/delete', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const preview = await previewRemoval(db, 'flag', partner.id, idParam(req, 'flag', 'flagId'));
      const flag = preview.record;
      const { t, fmt } = res.locals;
      confirmRemoval(res, 'flag', partner, flag.id, preview, [
        [t('field.level'), t(`flagLevel.${flag.level}`)],
        [t('field.category'), t(labelKey('flagCategory', flag.category))],
        [t('field.status'), t(`flagStatus.${flag.status}`)],
        [t('field.comment'), flag.comment],
        [t('removal.raised'), `${flag.raisedBy} · ${fmt.date(flag.raisedAt)}`],
      ]);
    }),

    post('/partners/:id/flags/:flagId/delete', 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const flagId = idParam(req, 'flag', 'flagId');
      await service.removeFlag(db, actorOf(res), partnerId, flagId);
      removed(res, partnerId, 'flag', flagId);
    }),

    post('/partners/:id/flags/:flagId/restore', 'evidence.write', (req, res) => restore(req, res, 'flag', 'flagId')),

    get('/partners/:id/flags/:flagId/resolve', 'flags.resolve', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flag = await service.findFlag(db, partner.id, idParam(req, 'flag', 'flagId'));
      if (!flag) throw new NotFoundError('flag');
      res.render('evidence/flag-resolve', { partner, flag, values: { resolution: '' }, errors: NO_ERRORS });
    }),

    post('/partners/:id/flags/:flagId/resolve', 'flags.resolve', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flag = await service.findFlag(db, partner.id, idParam(req, 'flag', 'flagId'));
      if (!flag) throw new NotFoundError('flag');
      const values = textFields(req.body, ['resolution']);
      const parsed = parseForm(flagPatchSchema, { status: 'resolved', resolution: values.resolution });
      if ('issues' in parsed)
        return res.status(400).render('evidence/flag-resolve', {
          partner,
          flag,
          values,
          errors: formErrors(res, parsed.issues, ['resolution']),
        });
      await service.changeFlag(db, actorOf(res), partner.id, flag.id, parsed.data);
      back(res, partner.id, 'flagResolved', 'flags');
    }),

    post('/partners/:id/flags/:flagId/reopen', 'flags.resolve', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      await service.changeFlag(db, actorOf(res), partnerId, idParam(req, 'flag', 'flagId'), { status: 'open' });
      back(res, partnerId, 'flagReopened', 'flags');
    }),
  ];
}
