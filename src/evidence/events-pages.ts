// Response events: a partner's events (log, edit, remove, undo) and the list of every partner's
// events (or its file).
import type { Response } from 'express';
import { referenceNamesOf } from '../exports/reference-names.js';
import { requestedExport } from '../exports/table-export.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { toEcuadorLocalInput } from '../shared/dates.js';
import { type FieldIssue, NotFoundError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm, textFields } from '../shared/forms.js';
import { areaFilters, listOrExport } from './cross-partner-list.js';
import { eventColumns } from './export.js';
import { backToPartner, confirmRemoval, partnerOf, remove, restore, saving, typedNumber } from './page-helpers.js';
import { previewRemoval } from './removal.js';
import { EVENT_FIELDS, eventListQuerySchema, eventSchema } from './schemas.js';
import * as service from './service.js';

const PARTNER_EVENTS_PAGE_SIZE = 25;

type EventFormValues = Record<(typeof EVENT_FIELDS)[number], string>;

const eventInput = (v: EventFormValues) => ({
  territoryId: typedNumber(v.territoryId),
  assistanceTypeId: typedNumber(v.assistanceTypeId),
  requestedAt: v.requestedAt,
  firstAssistanceAt: v.firstAssistanceAt,
  peopleAssisted: typedNumber(v.peopleAssisted),
  notes: v.notes,
});

async function renderEventForm(
  db: service.Db,
  res: Response,
  status: number,
  partner: service.Partner,
  values: EventFormValues,
  issues: FieldIssue[] = [],
  eventId?: number,
) {
  const { territories, assistanceTypes } = await service.referenceLists(db);
  res.status(status).render('evidence/event-form', {
    partner,
    values,
    eventId: eventId ?? null,
    territories,
    assistanceTypes,
    errors: issues.length ? formErrors(res, issues, EVENT_FIELDS) : NO_ERRORS,
  });
}

export function eventPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/partners/:id/events', 'partners.read', async (req, res) => {
      const partner = await partnerOf(db, req);
      const wanted = requestedExport(req);
      if (wanted) {
        res.redirect(302, `/events?partnerId=${partner.id}&format=${wanted.format}${wanted.hxl ? '&hxl=1' : ''}`);
        return;
      }
      const parsed = eventListQuerySchema.safeParse({
        page: req.query.page || 1,
        pageSize: PARTNER_EVENTS_PAGE_SIZE,
        partnerId: partner.id,
      });
      const query = parsed.success
        ? parsed.data
        : eventListQuerySchema.parse({ pageSize: PARTNER_EVENTS_PAGE_SIZE, partnerId: partner.id });
      const [{ data, total }, worstHours, { territories, assistanceTypes }] = await Promise.all([
        service.listEvents(db, query),
        service.worstResponseHours(db),
        service.referenceLists(db),
      ]);
      res.render('evidence/events', {
        partner,
        events: data,
        total,
        page: query.page,
        pages: Math.max(1, Math.ceil(total / PARTNER_EVENTS_PAGE_SIZE)),
        worstHours,
        territories,
        assistanceTypes,
      });
    }),

    get('/partners/:id/events/new', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const only = (ids: number[]) => (ids.length === 1 ? String(ids[0]) : '');
      await renderEventForm(db, res, 200, partner, {
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
      if ('issues' in parsed) return renderEventForm(db, res, 400, partner, values, parsed.issues);
      await saving(
        (issues) => renderEventForm(db, res, 400, partner, values, issues),
        () => service.logEvent(db, actorOf(res), partner.id, parsed.data),
        () => backToPartner(res, partner.id, 'eventSaved', 'event'),
      );
    }),

    get('/partners/:id/events/:eventId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const event = await service.findEvent(db, partner.id, idParam(req, 'response_event', 'eventId'));
      if (!event) throw new NotFoundError('response_event');
      const values = {
        territoryId: String(event.territoryId),
        assistanceTypeId: String(event.assistanceTypeId),
        requestedAt: toEcuadorLocalInput(event.requestedAt),
        firstAssistanceAt: event.firstAssistanceAt ? toEcuadorLocalInput(event.firstAssistanceAt) : '',
        peopleAssisted: event.peopleAssisted === null ? '' : String(event.peopleAssisted),
        notes: event.notes ?? '',
      };
      await renderEventForm(db, res, 200, partner, values, [], event.id);
    }),

    post('/partners/:id/events/:eventId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const eventId = idParam(req, 'response_event', 'eventId');
      const values = textFields(req.body, EVENT_FIELDS);
      const parsed = parseForm(eventSchema, eventInput(values));
      if ('issues' in parsed) return renderEventForm(db, res, 400, partner, values, parsed.issues, eventId);
      const changes = {
        ...parsed.data,
        firstAssistanceAt: parsed.data.firstAssistanceAt ?? null,
        peopleAssisted: parsed.data.peopleAssisted ?? null,
        notes: parsed.data.notes ?? null,
      };
      await saving(
        (issues) => renderEventForm(db, res, 400, partner, values, issues, eventId),
        () => service.changeEvent(db, actorOf(res), partner.id, eventId, changes),
        () => backToPartner(res, partner.id, 'eventSaved', 'event'),
      );
    }),

    get('/partners/:id/events/:eventId/delete', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const preview = await previewRemoval(db, 'event', partner.id, idParam(req, 'response_event', 'eventId'));
      const event = preview.record;
      const { territories, assistanceTypes } = await service.referenceLists(db);
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

    post('/partners/:id/events/:eventId/delete', 'evidence.write', (req, res) =>
      remove(db, req, res, 'event', 'eventId'),
    ),

    post('/partners/:id/events/:eventId/restore', 'evidence.write', (req, res) =>
      restore(db, req, res, 'event', 'eventId'),
    ),

    get('/events', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(eventListQuerySchema.omit({ pageSize: true }), req.query);
      const { territories, assistanceTypes } = await service.referenceLists(db);
      await listOrExport(req, res, {
        name: 'events',
        columns: eventColumns(referenceNamesOf(territories, assistanceTypes, res.locals.lang)),
        query,
        filters: [
          ...areaFilters(res, territories, assistanceTypes),
          { name: 'from', label: 'filter.from', kind: 'date' },
          { name: 'to', label: 'filter.to', kind: 'date' },
        ],
        source: service.eventsOfAllPartners(db, query),
      });
    }),
  ];
}
