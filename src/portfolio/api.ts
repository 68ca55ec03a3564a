// The portfolio through the JSON API: agreements, decisions, balance, alerts and the rapid-response finder.
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { sendProblem, translateIssues } from '../http/problem.js';
import { type RouteSpec, actorOf, get, patch, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, NotFoundError } from '../shared/errors.js';
import { parseOrThrow } from '../shared/validation.js';
import { currentRetentionAlerts } from './alerts.js';
import { portfolioBalance } from './balance.js';
import { findResponders } from './rapid-response.js';
import {
  agreementListQuerySchema,
  agreementPatchSchema,
  agreementSchema,
  balanceQuerySchema,
  decisionListQuerySchema,
  finderQuerySchema,
  pageSchema,
  withDefaultPeriod,
} from './schemas.js';
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
      sendProblem(res, 409, t('problem.staleVersion'), {
        errors: translateIssues(t, error.issues),
        current: error.current,
      });
      return;
    }
    sendProblem(res, 409, t('problem.duplicateCode'), { errors: translateIssues(t, error.issues) });
  }
}

/** A listed agreement as the API shows it: the agreement alone, as `GET /api/v1/agreements/:id` answers. */
function agreementJson(listed: service.Agreement & { partnerName?: string }): service.Agreement {
  const agreement = { ...listed };
  delete agreement.partnerName;
  return agreement;
}

/** A logged decision as the API shows it: with its partner's name, and the confirmation as a boolean. */
function decisionJson(decision: service.LoggedDecision) {
  return { ...decision, confirmedAgainstRecommendation: decision.confirmedAgainstRecommendation === 1 };
}

export function portfolioApiRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/api/v1/agreements', 'partners.read', async (req, res) => {
      const query = parseOrThrow(agreementListQuerySchema, req.query);
      const { data, total } = await service.listAgreements(db, query);
      res.json({ data: data.map(agreementJson), page: query.page, pageSize: query.pageSize, total });
    }),

    post('/api/v1/agreements', 'portfolio.manage', async (req, res) => {
      const input = parseOrThrow(agreementSchema, req.body);
      await orConflict(res, async () => {
        const { agreement, warnings } = await service.createAgreement(db, actorOf(res), input);
        res
          .status(201)
          .location(`/api/v1/agreements/${agreement.id}`)
          .json(withWarnings(res, agreement, warnings));
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

    get('/api/v1/decisions', 'partners.read', async (req, res) => {
      const query = parseOrThrow(decisionListQuerySchema, req.query);
      const { data, total } = await service.decisionLog(db, query);
      res.json({ data: data.map(decisionJson), page: query.page, pageSize: query.pageSize, total });
    }),

    get('/api/v1/portfolio/alerts', 'partners.read', async (req, res) => {
      const { page, pageSize } = parseOrThrow(pageSchema, req.query);
      const all = await currentRetentionAlerts(db);
      res.json({ data: all.slice((page - 1) * pageSize, page * pageSize), page, pageSize, total: all.length });
    }),

    get('/api/v1/portfolio/balance', 'partners.read', async (req, res) => {
      // The dashboard's filters and default period, so both APIs answer the same question alike.
      const balance = await portfolioBalance(db, withDefaultPeriod(parseOrThrow(balanceQuerySchema, req.query)));
      res.json({
        ...balance,
        byTerritory: [...balance.byTerritory.entries()].map(([territoryId, slice]) => ({ territoryId, ...slice })),
        byAssistanceType: [...balance.byAssistanceType.entries()].map(([assistanceTypeId, slice]) => ({
          assistanceTypeId,
          ...slice,
        })),
        peopleAssistedBySmallPartnersBasis:
          'events: people_assisted of the response events requested in the period in the filtered area, whichever partner answered (the dashboard figure); agreements: people_reached reported on the portfolio agreements overlapping the period',
        smallAgileBasis:
          'byTerritory.smallAgile counts the small agile partners among byTerritory.partners: partners with a portfolio agreement covering the territory',
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
