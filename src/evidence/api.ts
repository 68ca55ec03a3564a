// Response events, reviews and flags through the JSON API.
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { sendProblem, translateIssues } from '../http/problem.js';
import { type RouteSpec, actorOf, del, get, patch, post } from '../http/routing.js';
import { type FieldIssue, NotFoundError } from '../shared/errors.js';
import { parseOrThrow } from '../shared/validation.js';
import {
  type EventListQuery,
  eventListQuerySchema,
  eventPatchSchema,
  eventSchema,
  flagPatchSchema,
  flagSchema,
  reviewPatchSchema,
  reviewSchema,
} from './schemas.js';
import * as service from './service.js';

const HOUR_MS = 60 * 60 * 1000;

/** An event as the API shows it: pending events older than the worst response time are overdue. */
export function eventJson(event: service.ResponseEvent, worstHours: number, now = Date.now()) {
  const { createdAt, updatedAt, ...fields } = event;
  const overdue = event.firstAssistanceAt === null && (now - Date.parse(event.requestedAt)) / HOUR_MS > worstHours;
  return { ...fields, overdue, createdAt, updatedAt };
}

function withWarnings<T extends object>(res: Response, body: T, warnings: FieldIssue[]) {
  return warnings.length > 0 ? { ...body, warnings: translateIssues(res.locals.t, warnings) } : body;
}

async function existingPartnerId(db: service.Db, req: Parameters<typeof idParam>[0]): Promise<number> {
  return (await service.existingPartner(db, idParam(req, 'partner'))).id;
}

export function evidenceApiRoutes(db: service.Db): RouteSpec[] {
  const base = '/api/v1/partners/:id';
  const worstHours = () => service.worstResponseHours(db);

  async function sendEvents(res: Response, query: EventListQuery) {
    const [{ data, total }, worst] = await Promise.all([service.listEvents(db, query), worstHours()]);
    res.json({ data: data.map((e) => eventJson(e, worst)), page: query.page, pageSize: query.pageSize, total });
  }

  return [
    get('/api/v1/response-events', 'partners.read', async (req, res) => {
      await sendEvents(res, parseOrThrow(eventListQuerySchema, req.query));
    }),

    get(`${base}/response-events`, 'partners.read', async (req, res) => {
      const partnerId = await existingPartnerId(db, req);
      await sendEvents(res, parseOrThrow(eventListQuerySchema, { ...req.query, partnerId }));
    }),

    post(`${base}/response-events`, 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const input = parseOrThrow(eventSchema, req.body);
      const { event, warnings } = await service.logEvent(db, actorOf(res), partnerId, input);
      res
        .status(201)
        .location(`/api/v1/partners/${partnerId}/response-events/${event.id}`)
        .json(withWarnings(res, eventJson(event, await worstHours()), warnings));
    }),

    get(`${base}/response-events/:eventId`, 'partners.read', async (req, res) => {
      const event = await service.findEvent(db, idParam(req, 'partner'), idParam(req, 'response_event', 'eventId'));
      if (!event) throw new NotFoundError('response_event');
      res.json(eventJson(event, await worstHours()));
    }),

    patch(`${base}/response-events/:eventId`, 'evidence.write', async (req, res) => {
      const changes = parseOrThrow(eventPatchSchema, req.body);
      const { event, warnings } = await service.changeEvent(
        db,
        actorOf(res),
        idParam(req, 'partner'),
        idParam(req, 'response_event', 'eventId'),
        changes,
      );
      res.json(withWarnings(res, eventJson(event, await worstHours()), warnings));
    }),

    del(`${base}/response-events/:eventId`, 'evidence.write', async (req, res) => {
      await service.removeEvent(db, actorOf(res), idParam(req, 'partner'), idParam(req, 'response_event', 'eventId'));
      res.status(204).end();
    }),

    get(`${base}/reviews`, 'partners.read', async (req, res) => {
      res.json({ data: await service.listReviews(db, await existingPartnerId(db, req)) });
    }),

    post(`${base}/reviews`, 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const review = await service.addReview(db, actorOf(res), partnerId, parseOrThrow(reviewSchema, req.body));
      res.status(201).location(`/api/v1/partners/${partnerId}/reviews/${review.id}`).json(review);
    }),

    patch(`${base}/reviews/:reviewId`, 'evidence.write', async (req, res) => {
      const changes = parseOrThrow(reviewPatchSchema, req.body);
      res.json(
        await service.changeReview(
          db,
          actorOf(res),
          idParam(req, 'partner'),
          idParam(req, 'review', 'reviewId'),
          changes,
        ),
      );
    }),

    del(`${base}/reviews/:reviewId`, 'evidence.write', async (req, res) => {
      await service.removeReview(db, actorOf(res), idParam(req, 'partner'), idParam(req, 'review', 'reviewId'));
      res.status(204).end();
    }),

    get(`${base}/flags`, 'partners.read', async (req, res) => {
      res.json({ data: await service.listFlags(db, await existingPartnerId(db, req)) });
    }),

    post(`${base}/flags`, 'evidence.write', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const flag = await service.raiseFlag(db, actorOf(res), partnerId, parseOrThrow(flagSchema, req.body));
      res.status(201).location(`/api/v1/partners/${partnerId}/flags/${flag.id}`).json(flag);
    }),

    // Officers edit a flag's level, category and comment; changing its status (resolving or
    // reopening) is procurement's, by the same access table.
    patch(`${base}/flags/:flagId`, 'flags.update', async (req, res) => {
      const changes = parseOrThrow(flagPatchSchema, req.body);
      const resolving = changes.status !== undefined || changes.resolution !== undefined;
      const editing = changes.level !== undefined || changes.category !== undefined || changes.comment !== undefined;
      const { can } = res.locals;
      if ((resolving && !can('flags.resolve')) || (editing && !can('evidence.write'))) {
        sendProblem(res, 403, res.locals.t('problem.forbidden'));
        return;
      }
      res.json(
        await service.changeFlag(db, actorOf(res), idParam(req, 'partner'), idParam(req, 'flag', 'flagId'), changes),
      );
    }),

    del(`${base}/flags/:flagId`, 'evidence.write', async (req, res) => {
      await service.removeFlag(db, actorOf(res), idParam(req, 'partner'), idParam(req, 'flag', 'flagId'));
      res.status(204).end();
    }),
  ];
}
