// JSON API v1 for partners: the same service and schemas as the pages.
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, del, get, patch, post } from '../http/routing.js';
import { sendProblem, translateIssues } from '../http/problem.js';
import { ConflictError, type FieldIssue } from '../shared/errors.js';
import { parseOrThrow } from '../shared/validation.js';
import type { Partner } from './partner.js';
import { createPartnerSchema, partnerListQuerySchema, updatePartnerSchema } from './schemas.js';
import * as service from './service.js';

function partnerJson(res: Response, partner: Partner, warnings: FieldIssue[] = []) {
  return warnings.length > 0 ? { ...partner, warnings: translateIssues(res.locals.t, warnings) } : partner;
}

function sendConflict(res: Response, error: ConflictError): void {
  const t = res.locals.t;
  const errors = translateIssues(t, error.issues);
  if (error instanceof service.StalePartnerEditError) {
    sendProblem(res, 409, t('problem.staleVersion'), { errors, current: error.stale.current });
    return;
  }
  const holder = error.issues[0]?.params;
  sendProblem(res, 409, t('problem.duplicateRuc'), { errors, existingPartnerId: holder?.id });
}

async function orConflict(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    sendConflict(res, error);
  }
}

export function partnerApiRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/api/v1/partners', 'partners.read', async (req, res) => {
      const query = parseOrThrow(partnerListQuerySchema, req.query);
      const { data, total } = await service.listPartners(db, query);
      res.json({ data, page: query.page, pageSize: query.pageSize, total });
    }),

    get('/api/v1/partners/:id', 'partners.read', async (req, res) => {
      const { partner, warnings } = await service.getPartner(db, idParam(req, 'partner'));
      res.json(partnerJson(res, partner, warnings));
    }),

    post('/api/v1/partners', 'partners.write', async (req, res) => {
      const input = parseOrThrow(createPartnerSchema, req.body);
      await orConflict(res, async () => {
        const { partner, warnings } = await service.createPartner(db, actorOf(res), input);
        res
          .status(201)
          .location(`/api/v1/partners/${partner.id}`)
          .json(partnerJson(res, partner, warnings));
      });
    }),

    patch('/api/v1/partners/:id', 'partners.write', async (req, res) => {
      const id = idParam(req, 'partner');
      const changes = parseOrThrow(updatePartnerSchema, req.body);
      await orConflict(res, async () => {
        const { partner, warnings } = await service.updatePartner(db, actorOf(res), id, changes);
        res.json(partnerJson(res, partner, warnings));
      });
    }),

    // Partners are never deleted: DELETE archives, and restoring is a PATCH of status.
    del('/api/v1/partners/:id', 'partners.write', async (req, res) => {
      await service.setPartnerStatus(db, actorOf(res), idParam(req, 'partner'), 'archived');
      res.status(204).end();
    }),
  ];
}
