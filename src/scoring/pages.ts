// The ranking page and the methodology pages: explain the active version, edit a draft,
// preview it against the active one, activate it with a rationale.
import type { Request, Response } from 'express';
import { requestedExport, sendExport } from '../exports/table-export.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ValidationError } from '../shared/errors.js';
import { type FormErrors, NO_ERRORS, filtersFromAddress, formErrors, parseForm } from '../shared/forms.js';
import { evidenceLevel } from './evidence-level.js';
import { reasonFor } from './explain.js';
import { RECOMMENDATIONS } from './score.js';
import {
  methodologyFormValues,
  methodologyInputFromForm,
  methodologySchema,
  parameterChanges,
  SIZE_CLASSES,
  rankingFilterParams,
  scoreListQuerySchema,
} from './schemas.js';
import * as service from './service.js';

const RANKING_PAGE_SIZE = 50;
const NOTICES = new Set(['activated', 'discarded']);

/** Error paths point at groups ("parameters.weights"); the summary links to their first field. */
function methodologyErrors(res: Response, issues: Parameters<typeof formErrors>[1]) {
  const errors = formErrors(res, issues, [], { fullPath: true });
  return { ...errors, summary: errors.summary.map((entry) => ({ ...entry, href: entry.href.replace(/[.]/g, '-') })) };
}

export function scoringPageRoutes(db: service.Db): RouteSpec[] {
  function renderDraftForm(
    res: Response,
    status: number,
    values: Record<string, string | string[]>,
    issues: Parameters<typeof formErrors>[1] = [],
  ) {
    res.status(status).render('scoring/methodology-form', {
      values,
      sizeClasses: SIZE_CLASSES,
      errors: issues.length ? methodologyErrors(res, issues) : NO_ERRORS,
    });
  }

  /** The draft's effect against the active version, with the activation form. */
  async function renderPreview(res: Response, status: number, rationale: string, errors: FormErrors = NO_ERRORS) {
    const { draft, stamp, active, preview, names } = await service.draftPreview(db);
    const number = new Intl.NumberFormat(res.locals.lang === 'es' ? 'es-EC' : 'en-US', { maximumFractionDigits: 4 });
    const t = res.locals.t;
    // A parameter as people read it: numbers in their locale, yes/no, size names, "empty" for no neutral score.
    const shown = (path: string, value: string | string[]) =>
      Array.isArray(value)
        ? res.locals.fmt.list(value.map((s) => t(`sizeClass.${s}`).toLowerCase()))
        : value === 'true' || value === 'false'
          ? t(value === 'true' ? 'methodology.yes' : 'methodology.no')
          : value === '' && path === 'evidence.neutralScore'
            ? t('methodology.renormalize')
            : number.format(Number(value));
    const changes = parameterChanges(active.parameters, draft.parameters).map((c) => ({
      label: t(`methodology.label.${c.path}`),
      from: shown(c.path, c.from),
      to: shown(c.path, c.to),
    }));
    res
      .status(status)
      .render('scoring/preview', { draft, stamp, active, preview, changes, names, values: { rationale }, errors });
  }

  return [
    get('/ranking', 'partners.read', async (req: Request, res: Response) => {
      const { query } = filtersFromAddress(scoreListQuerySchema, req.query, { pageSize: RANKING_PAGE_SIZE });
      const { t, fmt, lang } = res.locals;
      const wanted = requestedExport(req);
      if (wanted)
        return sendExport(res, wanted, { name: 'ranking', ...(await service.rankingExport(db, query, lang)) });
      const { data, total, methodology, sizeBands, territories, assistanceTypes, evidenceFirstDraft } =
        await service.rankingPage(db, query);
      const params = rankingFilterParams(query);
      res.render('scoring/ranking', {
        rows: data.map(({ score, standing }) => ({
          score,
          standing,
          reason: reasonFor(score, methodology.parameters, t, fmt),
        })),
        total,
        query,
        pages: Math.max(1, Math.ceil(total / RANKING_PAGE_SIZE)),
        pageUrl: (page: number) => `/ranking?${new URLSearchParams([...params, ['page', String(page)]]).toString()}`,
        methodology,
        sizeBands,
        territories,
        assistanceTypes,
        sizeClasses: SIZE_CLASSES,
        recommendations: RECOMMENDATIONS,
        evidenceLevel,
        evidenceFirstDraft,
      });
    }),

    get('/methodology', 'partners.read', async (req, res) => {
      const [methodology, versions, draft, evidenceFirstDraft] = await Promise.all([
        service.activeMethodology(db),
        service.listMethodologies(db),
        service.findMethodology(db, 'draft'),
        service.evidenceFirstDraft(db),
      ]);
      const notice =
        typeof req.query.notice === 'string' && NOTICES.has(req.query.notice)
          ? `methodology.notice.${req.query.notice}`
          : null;
      res.render('scoring/methodology', { methodology, versions, draft: draft ?? null, notice, evidenceFirstDraft });
    }),

    get('/methodology/draft', 'methodology.manage', async (_req, res) => {
      const draft = (await service.findMethodology(db, 'draft')) ?? (await service.activeMethodology(db));
      const name = draft.status === 'draft' ? draft.name : `${draft.name} (${res.locals.t('methodology.draftSuffix')})`;
      renderDraftForm(res, 200, methodologyFormValues(name, draft.parameters, res.locals.lang === 'es' ? ',' : '.'));
    }),

    post('/methodology/draft', 'methodology.manage', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const parsed = parseForm(methodologySchema, methodologyInputFromForm(body));
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([key]) => key !== '_csrf')
          .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
      );
      if (!('parameters.smallClasses' in values)) values['parameters.smallClasses'] = [];
      if ('issues' in parsed) {
        renderDraftForm(res, 400, values, parsed.issues);
        return;
      }
      await service.saveDraft(db, actorOf(res), parsed.data.name, parsed.data.parameters);
      res.redirect(303, '/methodology/draft/preview');
    }),

    get('/methodology/draft/preview', 'methodology.manage', async (_req, res) => {
      await renderPreview(res, 200, '');
    }),

    post('/methodology/draft/activate', 'methodology.manage', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const rationale = typeof body.rationale === 'string' ? body.rationale : '';
      try {
        await service.activateDraft(
          db,
          actorOf(res),
          rationale,
          typeof body.previewed === 'string' ? body.previewed : '',
        );
      } catch (error) {
        if (error instanceof service.DraftChangedError)
          return renderPreview(res, 409, rationale, formErrors(res, error.issues, ['rationale']));
        if (!(error instanceof ValidationError)) throw error;
        return renderPreview(res, 400, rationale, formErrors(res, error.issues, ['rationale']));
      }
      res.redirect(303, '/methodology?notice=activated');
    }),

    post('/methodology/draft/discard', 'methodology.manage', async (_req, res) => {
      await service.discardDraft(db, actorOf(res));
      res.redirect(303, '/methodology?notice=discarded');
    }),
  ];
}
