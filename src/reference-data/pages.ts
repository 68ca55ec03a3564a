// Administrators' pages for the reference data.
import type { Response } from 'express';
import type { Db } from '../database/connect.js';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { listAssistanceTypes, listTerritories } from './repository.js';
import { assistanceTypeSchema, territorySchema } from './schemas.js';
import { saveAssistanceType, saveTerritory } from './service.js';

type Values = Record<string, string>;
const TERRITORY_FIELDS = ['code', 'nameEs', 'nameEn', 'province', 'provinceCode', 'isBorderCrossing'];
const TYPE_FIELDS = ['code', 'nameEs', 'nameEn', 'parentId'];
const REFERENCE_LABELS = {
  code: 'reference.code',
  nameEs: 'reference.nameEs',
  nameEn: 'reference.nameEn',
  province: 'reference.province',
  provinceCode: 'reference.provinceCode',
  isBorderCrossing: 'reference.border',
  parentId: 'reference.parent',
};

export function referenceDataPageRoutes(db: Db): RouteSpec[] {
  async function renderTerritory(
    res: Response,
    status: number,
    id: number | null,
    values: Values,
    issues: FieldIssue[] = [],
  ) {
    res.status(status).render('admin/territory-form', {
      id,
      values,
      errors: issues.length ? formErrors(res, issues, TERRITORY_FIELDS, { labels: REFERENCE_LABELS }) : NO_ERRORS,
    });
  }
  async function renderType(
    res: Response,
    status: number,
    id: number | null,
    values: Values,
    issues: FieldIssue[] = [],
  ) {
    const sectors = (await listAssistanceTypes(db)).filter((t) => t.parentId === null && t.id !== id);
    res.status(status).render('admin/assistance-type-form', {
      id,
      values,
      sectors,
      errors: issues.length ? formErrors(res, issues, TYPE_FIELDS, { labels: REFERENCE_LABELS }) : NO_ERRORS,
    });
  }

  /** Saves through the service; a rule it enforces (unique code, parent) re-renders the form. */
  async function saving(render: (issues: FieldIssue[]) => Promise<void>, work: () => Promise<unknown>, res: Response) {
    try {
      await work();
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) return render(error.issues);
      throw error;
    }
    res.redirect(303, '/admin/reference-data?notice=saved');
  }

  const territoryInput = (v: Values) => ({ ...v, isBorderCrossing: v.isBorderCrossing === 'yes' });
  const typeInput = (v: Values) => ({ ...v, parentId: v.parentId ? Number(v.parentId) : null });

  return [
    get('/admin/reference-data', 'reference.manage', async (req, res) => {
      const [territories, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      res.render('admin/reference-data', {
        territories,
        assistanceTypes,
        notice: req.query.notice === 'saved' ? 'reference.saved' : null,
      });
    }),

    get('/admin/territories/new', 'reference.manage', (_req, res) =>
      renderTerritory(res, 200, null, {
        code: '',
        nameEs: '',
        nameEn: '',
        province: '',
        provinceCode: '',
        isBorderCrossing: '',
      }),
    ),

    post('/admin/territories', 'reference.manage', async (req, res) => {
      const values = textFields(req.body, TERRITORY_FIELDS);
      const parsed = parseForm(territorySchema, territoryInput(values));
      if ('issues' in parsed) return renderTerritory(res, 400, null, values, parsed.issues);
      await saving(
        (issues) => renderTerritory(res, 400, null, values, issues),
        () => saveTerritory(db, actorOf(res), null, parsed.data),
        res,
      );
    }),

    get('/admin/territories/:id/edit', 'reference.manage', async (req, res) => {
      const territory = (await listTerritories(db)).find((t) => t.id === idParam(req, 'territory'));
      if (!territory) throw new NotFoundError('territory');
      const row = await db
        .selectFrom('territories')
        .select('provinceCode')
        .where('id', '=', territory.id)
        .executeTakeFirstOrThrow();
      await renderTerritory(res, 200, territory.id, {
        code: territory.code,
        nameEs: territory.nameEs,
        nameEn: territory.nameEn,
        province: territory.province,
        provinceCode: row.provinceCode,
        isBorderCrossing: territory.isBorderCrossing ? 'yes' : '',
      });
    }),

    post('/admin/territories/:id/edit', 'reference.manage', async (req, res) => {
      const id = idParam(req, 'territory');
      const values = textFields(req.body, TERRITORY_FIELDS);
      const parsed = parseForm(territorySchema, territoryInput(values));
      if ('issues' in parsed) return renderTerritory(res, 400, id, values, parsed.issues);
      await saving(
        (issues) => renderTerritory(res, 400, id, values, issues),
        () => saveTerritory(db, actorOf(res), id, parsed.data),
        res,
      );
    }),

    get('/admin/assistance-types/new', 'reference.manage', (_req, res) =>
      renderType(res, 200, null, { code: '', nameEs: '', nameEn: '', parentId: '' }),
    ),

    post('/admin/assistance-types', 'reference.manage', async (req, res) => {
      const values = textFields(req.body, TYPE_FIELDS);
      const parsed = parseForm(assistanceTypeSchema, typeInput(values));
      if ('issues' in parsed) return renderType(res, 400, null, values, parsed.issues);
      await saving(
        (issues) => renderType(res, 400, null, values, issues),
        () => saveAssistanceType(db, actorOf(res), null, parsed.data),
        res,
      );
    }),

    get('/admin/assistance-types/:id/edit', 'reference.manage', async (req, res) => {
      const type = (await listAssistanceTypes(db)).find((t) => t.id === idParam(req, 'assistance_type'));
      if (!type) throw new NotFoundError('assistance_type');
      await renderType(res, 200, type.id, {
        code: type.code,
        nameEs: type.nameEs,
        nameEn: type.nameEn,
        parentId: type.parentId === null ? '' : String(type.parentId),
      });
    }),

    post('/admin/assistance-types/:id/edit', 'reference.manage', async (req, res) => {
      const id = idParam(req, 'assistance_type');
      const values = textFields(req.body, TYPE_FIELDS);
      const parsed = parseForm(assistanceTypeSchema, typeInput(values));
      if ('issues' in parsed) return renderType(res, 400, id, values, parsed.issues);
      await saving(
        (issues) => renderType(res, 400, id, values, issues),
        () => saveAssistanceType(db, actorOf(res), id, parsed.data),
        res,
      );
    }),
  ];
}
