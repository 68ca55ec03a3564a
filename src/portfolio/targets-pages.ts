// Procurement's portfolio targets: set them, remove one (with a confirmation), and undo a removal.
import type { Request, Response } from 'express';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, NotFoundError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { parseLocaleNumber } from '../shared/numbers.js';
import { targetsSchema } from './schemas.js';
import * as service from './service.js';

const TARGET_LABELS = {
  smallShareMin: 'targets.field.smallShare',
  localFundingShareMin: 'targets.field.localFunding',
  smallAgilePerTerritoryMin: 'targets.field.perTerritory',
} as const;

function targetParam(req: Request): service.TargetName {
  const name = req.params.target;
  if (!service.isTargetName(name)) throw new NotFoundError('targets');
  return name;
}

/** Shares are stored as fractions and typed as percentages. */
const asTyped = (name: service.TargetName, value: number) =>
  name === 'smallAgilePerTerritoryMin' ? value : Math.round(value * 10000) / 100;
const targetShown = (res: Response, name: service.TargetName, value: number) =>
  name === 'smallAgilePerTerritoryMin'
    ? res.locals.fmt.integer(value)
    : `${res.locals.fmt.decimal(asTyped(name, value))} %`;

/** The targets form; a target removed shows empty, with Undo right after its removal. */
async function renderTargets(
  db: service.Db,
  req: Request,
  res: Response,
  status: number,
  typed: { values: Record<string, string>; issues: FieldIssue[] } | null,
) {
  const set = await service.targetsSet(db);
  const values =
    typed?.values ??
    Object.fromEntries(
      service.TARGET_NAMES.map((name) => {
        const value = set[name];
        return [name, value === null ? '' : String(asTyped(name, value))];
      }),
    );
  const removed = service.isTargetName(req.query.removed) ? req.query.removed : null;
  const undo = removed
    ? { action: `/portfolio/targets/${removed}/restore`, blocked: await service.targetRestoreBlocker(db, removed) }
    : null;
  res.status(status).render('portfolio/targets', {
    values,
    set,
    names: service.TARGET_NAMES,
    labels: TARGET_LABELS,
    notice: removed ? 'targets.removed' : req.query.notice === 'restored' ? 'targets.restored' : null,
    undo,
    errors: typed ? formErrors(res, typed.issues, service.TARGET_NAMES, { labels: TARGET_LABELS }) : NO_ERRORS,
  });
}

export function targetPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/portfolio/targets', 'portfolio.manage', async (req, res) => {
      await renderTargets(db, req, res, 200, null);
    }),

    post('/portfolio/targets', 'portfolio.manage', async (req, res) => {
      const values = textFields(req.body, service.TARGET_NAMES);
      const parsed = parseForm(
        targetsSchema,
        Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim() === '' ? null : parseLocaleNumber(v)])),
      );
      if ('issues' in parsed) {
        await renderTargets(db, req, res, 400, { values, issues: parsed.issues });
        return;
      }
      await service.setTargets(db, actorOf(res), {
        smallShareMin: parsed.data.smallShareMin / 100,
        localFundingShareMin: parsed.data.localFundingShareMin / 100,
        smallAgilePerTerritoryMin: parsed.data.smallAgilePerTerritoryMin,
      });
      res.redirect(303, '/portfolio/balance');
    }),

    get('/portfolio/targets/:target/delete', 'portfolio.manage', async (req, res) => {
      const name = targetParam(req);
      const value = (await service.targetsSet(db))[name];
      if (value === null) throw new NotFoundError('targets');
      const t = res.locals.t;
      res.render('removals/confirm', {
        heading: t('removal.target.heading'),
        effect: t('removal.target.effect'),
        details: [[t(TARGET_LABELS[name]), targetShown(res, name, value)]],
        action: `/portfolio/targets/${name}/delete`,
        cancel: '/portfolio/targets',
      });
    }),

    post('/portfolio/targets/:target/delete', 'portfolio.manage', async (req, res) => {
      const name = targetParam(req);
      await service.removeTarget(db, actorOf(res), name);
      res.redirect(303, `/portfolio/targets?removed=${name}`);
    }),

    post('/portfolio/targets/:target/restore', 'portfolio.manage', async (req, res) => {
      const blocked = await service.restoreTarget(db, actorOf(res), targetParam(req));
      if (blocked) {
        res.status(409).render('removals/refused', { reason: `undo.blocked.${blocked}`, back: '/portfolio/targets' });
        return;
      }
      res.redirect(303, '/portfolio/targets?notice=restored');
    }),
  ];
}
