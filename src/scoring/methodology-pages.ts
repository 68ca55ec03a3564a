// The methodology pages: explain the active version, edit a draft, preview it against the active
// one, then activate it with a rationale or discard it.
import type { Response } from 'express';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, ValidationError } from '../shared/errors.js';
import { type FormErrors, NO_ERRORS, formErrors, parseForm } from '../shared/forms.js';
import {
  SIZE_CLASSES,
  methodologyFormValues,
  methodologyInputFromForm,
  methodologySchema,
  parameterChanges,
} from './schemas.js';
import * as service from './service.js';
import { labelKey } from '../i18n/index.js';

const NOTICES = new Set(['activated', 'discarded']);

/** Error paths point at groups ("parameters.weights"); the summary links to their first field. */
function methodologyErrors(res: Response, issues: FieldIssue[]) {
  const errors = formErrors(res, issues, [], { fullPath: true });
  return { ...errors, summary: errors.summary.map((entry) => ({ ...entry, href: entry.href.replace(/[.]/g, '-') })) };
}

function renderDraftForm(
  res: Response,
  status: number,
  values: Record<string, string | string[]>,
  issues: FieldIssue[] = [],
) {
  res.status(status).render('scoring/methodology-form', {
    values,
    sizeClasses: SIZE_CLASSES,
    errors: issues.length ? methodologyErrors(res, issues) : NO_ERRORS,
  });
}

/** The posted form as it is shown again: every field but the CSRF token, no small class when none was ticked. */
function submittedValues(body: Record<string, unknown>): Record<string, string | string[]> {
  const values = Object.fromEntries(
    Object.entries(body)
      .filter(([key]) => key !== '_csrf')
      .map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)]),
  );
  if (!('parameters.smallClasses' in values)) values['parameters.smallClasses'] = [];
  return values;
}

/** The parameters a draft changes, old → new, as people read them: numbers in their locale, yes/no, size names. */
function changesShown(res: Response, changes: ReturnType<typeof parameterChanges>) {
  const { t, fmt, lang } = res.locals;
  const number = new Intl.NumberFormat(lang === 'es' ? 'es-EC' : 'en-US', { maximumFractionDigits: 4 });
  const shown = (path: string, value: string | string[]) =>
    Array.isArray(value)
      ? fmt.list(value.map((s) => t(labelKey('sizeClass', s)).toLowerCase()))
      : value === 'true' || value === 'false'
        ? t(value === 'true' ? 'methodology.yes' : 'methodology.no')
        : value === '' && path === 'evidence.neutralScore'
          ? t('methodology.renormalize')
          : number.format(Number(value));
  return changes.map((c) => ({
    label: t(labelKey('methodology.label', c.path)),
    from: shown(c.path, c.from),
    to: shown(c.path, c.to),
  }));
}

/** The draft's effect against the active version, with the activation form. */
async function renderPreview(
  db: service.Db,
  res: Response,
  status: number,
  rationale: string,
  errors: FormErrors = NO_ERRORS,
) {
  const { draft, stamp, active, preview, names } = await service.draftPreview(db);
  const changes = changesShown(res, parameterChanges(active.parameters, draft.parameters));
  res
    .status(status)
    .render('scoring/preview', { draft, stamp, active, preview, changes, names, values: { rationale }, errors });
}

export function methodologyPageRoutes(db: service.Db): RouteSpec[] {
  return [
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
      if ('issues' in parsed) {
        renderDraftForm(res, 400, submittedValues(body), parsed.issues);
        return;
      }
      await service.saveDraft(db, actorOf(res), parsed.data.name, parsed.data.parameters);
      res.redirect(303, '/methodology/draft/preview');
    }),

    get('/methodology/draft/preview', 'methodology.manage', (_req, res) => renderPreview(db, res, 200, '')),

    post('/methodology/draft/activate', 'methodology.manage', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const rationale = typeof body.rationale === 'string' ? body.rationale : '';
      const previewed = typeof body.previewed === 'string' ? body.previewed : '';
      try {
        await service.activateDraft(db, actorOf(res), rationale, previewed);
      } catch (error) {
        if (error instanceof service.DraftChangedError)
          return renderPreview(db, res, 409, rationale, formErrors(res, error.issues, ['rationale']));
        if (!(error instanceof ValidationError)) throw error;
        return renderPreview(db, res, 400, rationale, formErrors(res, error.issues, ['rationale']));
      }
      res.redirect(303, '/methodology?notice=activated');
    }),

    post('/methodology/draft/discard', 'methodology.manage', async (_req, res) => {
      await service.discardDraft(db, actorOf(res));
      res.redirect(303, '/methodology?notice=discarded');
    }),
  ];
}
