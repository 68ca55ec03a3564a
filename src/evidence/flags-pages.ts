// Flags: a partner's flags (raise, edit, remove, undo; resolve and reopen are procurement's) and the
// list of every partner's flags (or its file).
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { type FieldIssue, NotFoundError } from '../shared/errors.js';
import { NO_ERRORS, filtersFromAddress, formErrors, parseForm, textFields } from '../shared/forms.js';
import { areaFilters, codeFilter, listOrExport } from './cross-partner-list.js';
import { flagColumns } from './export.js';
import { backToPartner, confirmRemoval, partnerOf, remove, restore } from './page-helpers.js';
import { previewRemoval } from './removal.js';
import {
  FLAG_CATEGORIES,
  FLAG_FIELDS,
  FLAG_LEVELS,
  FLAG_STATUSES,
  flagListQuerySchema,
  flagPatchSchema,
  flagSchema,
} from './schemas.js';
import * as service from './service.js';
import { labelKey } from '../i18n/index.js';

type FlagFormValues = Record<(typeof FLAG_FIELDS)[number], string>;

function renderFlagForm(
  res: Response,
  status: number,
  partner: service.Partner,
  values: FlagFormValues,
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

export function flagPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/partners/:id/flags/new', 'evidence.write', async (req, res) => {
      renderFlagForm(res, 200, await partnerOf(db, req), { level: '', category: '', comment: '' });
    }),

    post('/partners/:id/flags', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const values = textFields(req.body, FLAG_FIELDS);
      const parsed = parseForm(flagSchema, values);
      if ('issues' in parsed) {
        renderFlagForm(res, 400, partner, values, parsed.issues);
        return;
      }
      await service.raiseFlag(db, actorOf(res), partner.id, parsed.data);
      backToPartner(res, partner.id, 'flagRaised', 'flag');
    }),

    get('/partners/:id/flags/:flagId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flag = await service.findFlag(db, partner.id, idParam(req, 'flag', 'flagId'));
      if (!flag) throw new NotFoundError('flag');
      const values = { level: flag.level, category: flag.category, comment: flag.comment };
      renderFlagForm(res, 200, partner, values, [], flag.id);
    }),

    post('/partners/:id/flags/:flagId/edit', 'evidence.write', async (req, res) => {
      const partner = await partnerOf(db, req);
      const flagId = idParam(req, 'flag', 'flagId');
      const values = textFields(req.body, FLAG_FIELDS);
      const parsed = parseForm(flagSchema, values);
      if ('issues' in parsed) {
        renderFlagForm(res, 400, partner, values, parsed.issues, flagId);
        return;
      }
      await service.changeFlag(db, actorOf(res), partner.id, flagId, parsed.data);
      backToPartner(res, partner.id, 'flagSaved', 'flag');
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

    post('/partners/:id/flags/:flagId/delete', 'evidence.write', (req, res) => remove(db, req, res, 'flag', 'flagId')),

    post('/partners/:id/flags/:flagId/restore', 'evidence.write', (req, res) =>
      restore(db, req, res, 'flag', 'flagId'),
    ),

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
      if ('issues' in parsed) {
        const errors = formErrors(res, parsed.issues, ['resolution']);
        res.status(400).render('evidence/flag-resolve', { partner, flag, values, errors });
        return;
      }
      await service.changeFlag(db, actorOf(res), partner.id, flag.id, parsed.data);
      backToPartner(res, partner.id, 'flagResolved', 'flag');
    }),

    post('/partners/:id/flags/:flagId/reopen', 'flags.resolve', async (req, res) => {
      const partnerId = idParam(req, 'partner');
      await service.changeFlag(db, actorOf(res), partnerId, idParam(req, 'flag', 'flagId'), { status: 'open' });
      backToPartner(res, partnerId, 'flagReopened', 'flag');
    }),

    get('/flags', 'partners.read', async (req, res) => {
      const { query } = filtersFromAddress(flagListQuerySchema, req.query);
      const { territories, assistanceTypes } = await service.referenceLists(db);
      await listOrExport(req, res, {
        name: 'flags',
        columns: flagColumns,
        query,
        filters: [
          codeFilter(res, 'level', 'field.level', 'flagLevel', FLAG_LEVELS),
          codeFilter(res, 'status', 'field.status', 'flagStatus', FLAG_STATUSES),
          codeFilter(res, 'category', 'field.category', 'flagCategory', FLAG_CATEGORIES),
          ...areaFilters(res, territories, assistanceTypes),
        ],
        source: service.flagsOfAllPartners(db, query),
      });
    }),
  ];
}
