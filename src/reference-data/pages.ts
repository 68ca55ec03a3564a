// Administrators' pages for the reference data.
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors, parseForm, textFields } from '../shared/forms.js';
import { REFERENCE_LABELS, assistanceTypeSchema, territorySchema } from './schemas.js';
import {
  type Db,
  getAssistanceType,
  getTerritory,
  listAssistanceTypes,
  listTerritories,
  parentChoices,
  saveAssistanceType,
  saveTerritory,
} from './service.js';

type Values = Record<string, string>;
type Actor = ReturnType<typeof actorOf>;
const TERRITORY_FIELDS = ['code', 'nameEs', 'nameEn', 'province', 'provinceCode', 'isBorderCrossing'];
const TYPE_FIELDS = ['code', 'nameEs', 'nameEn', 'parentId'];

/** One kind of reference record's form: its template and fields, how its text is read, and how it is saved. */
interface ReferenceForm<T> {
  view: string;
  fields: string[];
  /** A stored record as the form's text. */
  load: (id: number) => Promise<Values>;
  parse: (values: Values) => { data: T } | { issues: FieldIssue[] };
  /** What else the template shows (the sectors a type may belong to). */
  locals: (id: number | null) => Promise<Record<string, unknown>>;
  save: (actor: Actor, id: number | null, data: T) => Promise<number>;
}

function referenceForm<T>(form: ReferenceForm<T>) {
  async function render(res: Response, status: number, id: number | null, values: Values, issues: FieldIssue[] = []) {
    res.status(status).render(form.view, {
      id,
      values,
      ...(await form.locals(id)),
      errors: issues.length ? formErrors(res, issues, form.fields, { labels: REFERENCE_LABELS }) : NO_ERRORS,
    });
  }

  /** Saves through the service; a bad field or a rule the service enforces (unique code, parent) re-renders the form. */
  async function submit(req: Request, res: Response, id: number | null) {
    const values = textFields(req.body, form.fields);
    const parsed = form.parse(values);
    if ('issues' in parsed) return render(res, 400, id, values, parsed.issues);
    try {
      await form.save(actorOf(res), id, parsed.data);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError)
        return render(res, 400, id, values, error.issues);
      throw error;
    }
    res.redirect(303, '/admin/reference-data?notice=saved');
  }

  return {
    blank: (res: Response) => render(res, 200, null, Object.fromEntries(form.fields.map((field) => [field, '']))),
    edit: async (res: Response, id: number) => render(res, 200, id, await form.load(id)),
    submit,
  };
}

export function referenceDataPageRoutes(db: Db): RouteSpec[] {
  const territories = referenceForm({
    view: 'admin/territory-form',
    fields: TERRITORY_FIELDS,
    load: async (id) => {
      const territory = await getTerritory(db, id);
      return {
        code: territory.code,
        nameEs: territory.nameEs,
        nameEn: territory.nameEn,
        province: territory.province,
        provinceCode: territory.provinceCode,
        isBorderCrossing: territory.isBorderCrossing ? 'yes' : '',
      };
    },
    parse: (v) => parseForm(territorySchema, { ...v, isBorderCrossing: v.isBorderCrossing === 'yes' }),
    locals: () => Promise.resolve({}),
    save: (actor, id, data) => saveTerritory(db, actor, id, data),
  });
  const types = referenceForm({
    view: 'admin/assistance-type-form',
    fields: TYPE_FIELDS,
    load: async (id) => {
      const type = await getAssistanceType(db, id);
      return {
        code: type.code,
        nameEs: type.nameEs,
        nameEn: type.nameEn,
        parentId: type.parentId === null ? '' : String(type.parentId),
      };
    },
    parse: (v) => parseForm(assistanceTypeSchema, { ...v, parentId: v.parentId ? Number(v.parentId) : null }),
    locals: async (id) => ({ sectors: await parentChoices(db, id) }),
    save: (actor, id, data) => saveAssistanceType(db, actor, id, data),
  });

  return [
    get('/admin/reference-data', 'reference.manage', async (req, res) => {
      const [territoryList, assistanceTypes] = await Promise.all([listTerritories(db), listAssistanceTypes(db)]);
      res.render('admin/reference-data', {
        territories: territoryList,
        assistanceTypes,
        notice: req.query.notice === 'saved' ? 'reference.saved' : null,
      });
    }),

    get('/admin/territories/new', 'reference.manage', (_req, res) => territories.blank(res)),

    post('/admin/territories', 'reference.manage', (req, res) => territories.submit(req, res, null)),

    get('/admin/territories/:id/edit', 'reference.manage', (req, res) =>
      territories.edit(res, idParam(req, 'territory')),
    ),

    post('/admin/territories/:id/edit', 'reference.manage', (req, res) =>
      territories.submit(req, res, idParam(req, 'territory')),
    ),

    get('/admin/assistance-types/new', 'reference.manage', (_req, res) => types.blank(res)),

    post('/admin/assistance-types', 'reference.manage', (req, res) => types.submit(req, res, null)),

    get('/admin/assistance-types/:id/edit', 'reference.manage', (req, res) =>
      types.edit(res, idParam(req, 'assistance_type')),
    ),

    post('/admin/assistance-types/:id/edit', 'reference.manage', (req, res) =>
      types.submit(req, res, idParam(req, 'assistance_type')),
    ),
  ];
}
