// The portfolio through the JSON API: agreements, balance, alerts and the rapid-response finder.
import type { Response } from 'express';
import type { Db } from '../database/connect.js';
import { idParam } from '../http/params.js';
import { sendProblem, translateIssues } from '../http/problem.js';
import { type RouteSpec, actorOf, get, patch, post } from '../http/routing.js';
import { ecuadorToday } from '../shared/dates.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { parseOrThrow } from '../shared/validation.js';
import { currentRetentionAlerts } from './alerts.js';
import { portfolioBalance } from './balance.js';
import { findResponders } from './finder.js';
import { quarterOf } from './rules.js';
import { pageSchema, agreementListQuerySchema, agreementPatchSchema, agreementSchema, finderQuerySchema, periodSchema } from './schemas.js';
import * as service from './service.js';

function withWarnings<T extends object>(res: Response, body: T, warnings: FieldIssue[]) {
  return warnings.length > 0 ? { ...body, warnings: translateIssues(res.locals.t, warnings) } : body;
}

async function orConflict(res: Response, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const t = res.locals.t;
    if (error instanceof service.StaleAgreementError) {
      return sendProblem(res, 409, t('problem.staleVersion'), { errors: translateIssues(t, error.issues), current: error.current });
    }
    return sendProblem(res, 409, t('problem.duplicateCode'), { errors: translateIssues(t, error.issues) });
  }
}

export function periodFrom(query: Record<string, unknown>): { from: string; to: string } {
  const period = parseOrThrow(periodSchema, { from: query.from || undefined, to: query.to || undefined });
  // A missing bound comes from the quarter of the other one (or of today).
  const from = period.from ?? quarterOf(period.to ?? ecuadorToday()).from;
  const to = period.to ?? quarterOf(period.from ?? ecuadorToday()).to;
  if (to < from) throw new ValidationError([{ path: 'to', message: 'validation.periodOrder' }]);
  return { from, to };
}

export function portfolioApiRoutes(db: Db): RouteSpec[] {
  return [
    get('/api/v1/agreements', 'partners.read', async (req, res) => {
      const query = parseOrThrow(agreementListQuerySchema, req.query);
      const { data, total } = await service.listAgreements(db, query);
      res.json({ data: data.map(({ partnerName: _n, ...a }) => a), page: query.page, pageSize: query.pageSize, total });
    }),

    post('/api/v1/agreements', 'portfolio.manage', async (req, res) => {
      const input = parseOrThrow(agreementSchema, req.body);
      await orConflict(res, async () => {
        const { agreement, warnings } = await service.createAgreement(db, actorOf(res), input);
        res.status(201).location(`/api/v1/agreements/${agreement.id}`).json(withWarnings(res, agreement, warnings));
      });
    }),

    get('/api/v1/agreements/:id', 'partners.read', async (req, res) => {
      const agreement = await service.findAgreement(db, idParam(req, 'agreement'));
      if (!agreement) throw new NotFoundError('agreement');
      res.json(agreement);
    }),

    patch('/api/v1/agreements/:id', 'portfolio.manage', async (req, res) => {
      const id = idParam(req, 'agreement');
      const changes = parseOrThrow(agreementPatchSchema, req.body);
      await orConflict(res, async () => {
        const { agreement, warnings } = await service.updateAgreement(db, actorOf(res), id, changes);
        res.json(withWarnings(res, agreement, warnings));
      });
    }),

    get('/api/v1/portfolio/alerts', 'partners.read', async (req, res) => {
      const { page, pageSize } = parseOrThrow(pageSchema, req.query);
      const all = await currentRetentionAlerts(db);
      res.json({ data: all.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: all.length });
    }),

    get('/api/v1/portfolio/balance', 'partners.read', async (req, res) => {
      const balance = await portfolioBalance(db, periodFrom(req.query));
      res.json({
        ...balance,
        byTerritory: [...balance.byTerritory.entries()].map(([territoryId, slice]) => ({ territoryId, ...slice })),
        byAssistanceType: [...balance.byAssistanceType.entries()].map(([assistanceTypeId, slice]) => ({ assistanceTypeId, ...slice })),
        peopleAssistedBySmallPartnersBasis: 'events: people_assisted of response events requested in the period by partners in the portfolio; agreements: people_reached of the agreements overlapping the period',
      });
    }),

    get('/api/v1/rapid-response', 'partners.read', async (req, res) => {
      const query = parseOrThrow(finderQuerySchema, req.query);
      const { data, total, gap } = await findResponders(db, query);
      res.json({
        data: data.map((d) => ({
          partnerId: d.partnerId,
          name: d.name,
          expectedResponseHours: d.expectedResponseHours,
          basis: d.basis,
          sizeClass: d.sizeClass,
          agility: d.agility,
          recommendation: d.recommendation,
          inPortfolio: d.inPortfolio,
          openFlags: d.openFlags,
          isSmallAgile: d.isSmallAgile,
          typicalPeoplePerEvent: d.typicalPeople,
          evidenceLevel: d.evidenceLevel,
          maxPeopleInOneEvent: d.maxPeopleInOneEvent,
          reachedTarget: d.reachedTarget,
        })),
        total,
        gap,
      });
    }),
  ];
}
