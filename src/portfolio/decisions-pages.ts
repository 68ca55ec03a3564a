// Decisions on partners: record one (an exit against a "keep (priority)" recommendation needs a
// confirmation), remove and undo, and the log of every decision (or its file).
import type { Request, Response } from 'express';
import { inPages, requestedExport, sendExport } from '../exports/table-export.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm } from '../shared/forms.js';
import { decisionColumns } from './export.js';
import { DECISION_KINDS } from './rules.js';
import { decisionListQuerySchema, decisionSchema } from './schemas.js';
import * as service from './service.js';
import { labelKey } from '../i18n/index.js';

const LOG_PAGE_SIZE = 50;
const DECISION_FIELDS = ['kind', 'rationale', 'agreementId'] as const;
// The form's labels, for fields without a `field.*` label of their own.
const DECISION_LABELS = {
  kind: 'decisions.col.kind',
  rationale: 'decisions.col.rationale',
  agreementId: 'decisions.col.agreement',
};

async function partnerOf(db: service.Db, req: Request): Promise<service.Partner> {
  const partner = await service.findPartner(db, idParam(req, 'partner'));
  if (!partner) throw new NotFoundError('partner');
  return partner;
}

async function renderDecisionForm(
  db: service.Db,
  res: Response,
  status: number,
  partner: service.Partner,
  view: { values: Record<(typeof DECISION_FIELDS)[number], string>; issues: FieldIssue[]; confirm: boolean },
) {
  res.status(status).render('portfolio/decision-form', {
    partner,
    values: view.values,
    agreements: await service.agreementsOfPartner(db, partner.id),
    kinds: DECISION_KINDS,
    confirm: view.confirm,
    errors: view.issues.length ? formErrors(res, view.issues, DECISION_FIELDS, { labels: DECISION_LABELS }) : NO_ERRORS,
  });
}

export function decisionPageRoutes(db: service.Db): RouteSpec[] {
  return [
    post('/partners/:id/decisions', 'portfolio.manage', async (req, res) => {
      const partner = await partnerOf(db, req);
      const body = (req.body ?? {}) as Record<string, string | undefined>;
      const values = { kind: body.kind ?? '', rationale: body.rationale ?? '', agreementId: body.agreementId ?? '' };
      const parsed = parseForm(decisionSchema, {
        kind: values.kind,
        rationale: values.rationale,
        agreementId: values.agreementId ? Number(values.agreementId) : null,
        confirmExit: body.confirmExit === 'yes',
      });
      if ('issues' in parsed) {
        await renderDecisionForm(db, res, 400, partner, { values, issues: parsed.issues, confirm: false });
        return;
      }
      try {
        await service.recordDecision(db, actorOf(res), partner.id, parsed.data);
      } catch (error) {
        if (error instanceof service.ExitNeedsConfirmation) {
          await renderDecisionForm(db, res, 409, partner, { values, issues: [], confirm: true });
          return;
        }
        if (!(error instanceof ValidationError)) throw error;
        await renderDecisionForm(db, res, 400, partner, { values, issues: error.issues, confirm: false });
        return;
      }
      res.redirect(303, `/partners/${partner.id}?notice=decisionRecorded#decisions`);
    }),

    get('/partners/:id/decisions/new', 'portfolio.manage', async (req, res) => {
      const partner = await partnerOf(db, req);
      const kind = typeof req.query.kind === 'string' ? req.query.kind : '';
      await renderDecisionForm(db, res, 200, partner, {
        values: { kind, rationale: '', agreementId: '' },
        issues: [],
        confirm: false,
      });
    }),

    get('/partners/:id/decisions/:decisionId/delete', 'portfolio.manage', async (req, res) => {
      const partner = await partnerOf(db, req);
      const { decision, score } = await service.previewDecisionRemoval(
        db,
        partner.id,
        idParam(req, 'decision', 'decisionId'),
      );
      const { t, fmt } = res.locals;
      res.render('removals/confirm', {
        heading: t('removal.decision.heading'),
        effect: t('removal.decision.effect', { partner: partner.name }),
        partner,
        details: [
          [t('decisions.col.kind'), t(labelKey('decisionKind', decision.kind))],
          [t('decisions.col.rationale'), decision.rationale],
          [t('decisions.col.decidedBy'), decision.decidedBy],
          [t('decisions.col.decidedAt'), fmt.dateTime(decision.decidedAt)],
        ],
        before: score,
        after: score,
        action: `/partners/${partner.id}/decisions/${decision.id}/delete`,
        cancel: `/partners/${partner.id}#decisions`,
      });
    }),

    post('/partners/:id/decisions/:decisionId/delete', 'portfolio.manage', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const decisionId = idParam(req, 'decision', 'decisionId');
      await service.removeDecision(db, actorOf(res), partnerId, decisionId);
      res.redirect(303, `/partners/${partnerId}?notice=decisionRemoved&undo=${decisionId}`);
    }),

    post('/partners/:id/decisions/:decisionId/restore', 'portfolio.manage', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      const decisionId = idParam(req, 'decision', 'decisionId');
      const blocked = await service.restoreDecision(db, actorOf(res), partnerId, decisionId);
      if (blocked) {
        res
          .status(409)
          .render('removals/refused', { reason: `undo.blocked.${blocked}`, back: `/partners/${partnerId}` });
        return;
      }
      res.redirect(303, `/partners/${partnerId}?notice=decisionRestored#decisions`);
    }),

    get('/decisions', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(decisionListQuerySchema, req.query);
      // The page shows a fixed number a page, whatever size the address asks for.
      const filters = { ...query, pageSize: LOG_PAGE_SIZE };
      const wanted = requestedExport(req);
      if (wanted)
        return sendExport(res, wanted, {
          name: 'decisions',
          columns: decisionColumns,
          rows: inPages((limit, offset) => service.decisionLogRows(db, filters, { limit, offset })),
        });
      const { data, total } = await service.decisionLog(db, filters);
      res.render('portfolio/decisions', { decisions: data, total, filters, kinds: DECISION_KINDS });
    }),
  ];
}
