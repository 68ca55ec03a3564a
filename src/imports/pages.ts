// Import pages: upload, column mapping, preview, commit, summary, history, templates and samples.
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { FIELDS, WORKBOOK, isImportType, missingFields } from './fields.js';
import type { Import, RecordAction } from './import-record.js';
import * as service from './service.js';
import { templateCsv } from './templates.js';
import type { UploadedFile } from './service.js';
import { paramsIn } from './issue-params.js';
import { rejectedRowsDownload } from './rejected-rows.js';
import { roleOf } from './requester.js';
import { uploadErrorStatus, uploadedName } from './upload.js';
import * as workbooks from './workbook.js';
import { commitWorkbookPage, renderWorkbook, workbookPageRoutes } from './workbook-pages.js';

const SAMPLES_DIR = fileURLToPath(new URL('../../db/demo-imports/', import.meta.url));
const HISTORY_PAGE_SIZE = 25;
const RECORDS_PAGE_SIZE = 100;

function pageNumber(req: Request): number {
  const page = Number(req.query.page);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

function renderUpload(
  res: Response,
  status: number,
  values: { type: string; sheet: string },
  issues: FieldIssue[] = [],
) {
  res.status(status).render('imports/index', {
    types: service.importableTypes(roleOf(res)),
    values,
    errors: issues.length
      ? formErrors(res, issues, ['type', 'file', 'sheet'], {
          labels: { type: 'imports.upload.type', file: 'imports.upload.file', sheet: 'imports.upload.sheet' },
        })
      : NO_ERRORS,
  });
}

const NOTICES: Record<string, string> = {
  committed: 'imports.show.committed',
  cellsSaved: 'imports.show.cellsSaved',
};

async function renderImport(
  db: service.Db,
  res: Response,
  id: number,
  status = 200,
  problem: string | null = null,
  problemParams: Record<string, string | number> = {},
) {
  const imp = await service.getImport(db, roleOf(res), id);
  const notice = res.req.query.notice;
  res.status(status).render('imports/show', {
    imp,
    fields: FIELDS[imp.type],
    missing: missingFields(imp.type, imp.mapping),
    problem,
    problemParams,
    notice: typeof notice === 'string' ? (NOTICES[notice] ?? null) : null,
    editable: imp.status === 'preview' ? service.editableCells(imp) : [],
    paramsIn,
  });
}

async function renderMapping(
  db: service.Db,
  res: Response,
  id: number,
  status = 200,
  mapping: (string | null)[] | null = null,
  issues: FieldIssue[] = [],
) {
  const imp = await service.getImport(db, roleOf(res), id);
  if (imp.status !== 'preview') {
    res.redirect(303, `/imports/${id}`);
    return;
  }
  const samples = await service.sampleRows(db, imp, 3);
  const stored = mapping ?? imp.mapping;
  const suggestions = service.columnSuggestions(imp.type, imp.headers, stored);
  // Suggestions are chosen in the selects, never applied: the user still saves the page. A mapping the
  // user posted (a refused save) is shown as posted.
  const preselect = mapping === null && (await service.suggestionsPreselected(db, imp));
  const current = preselect ? stored.map((field, i) => field ?? suggestions[i]?.field ?? null) : stored;
  res.status(status).render('imports/mapping', {
    imp,
    fields: FIELDS[imp.type],
    mapping: current,
    suggestions,
    preselect,
    samples,
    missing: missingFields(imp.type, current),
    // Each column is named by its header in the file, as the form labels it.
    errors: issues.length
      ? formErrors(res, issues, [], {
          labels: Object.fromEntries(
            imp.headers.map((header, i) => [
              `column${i}`,
              header || res.locals.t('imports.mapping.untitled', { n: i + 1 }),
            ]),
          ),
        })
      : NO_ERRORS,
  });
}

/** Where an import goes next: columns to map, then values to confirm, then its preview. */
function nextStep(imp: Import, needsMapping: boolean): string {
  if (needsMapping) return `/imports/${String(imp.id)}/mapping`;
  if (imp.unrecognized.some((value) => value.status === 'unconfirmed')) return `/imports/${String(imp.id)}/values`;
  return `/imports/${String(imp.id)}`;
}

// A value the user rejects in the value mapping step (its rows stay rejected until fixed).
const REJECT = '__reject';

async function renderValues(db: service.Db, res: Response, id: number, status = 200, issues: FieldIssue[] = []) {
  const imp = await service.getImport(db, roleOf(res), id);
  if (imp.status !== 'preview') {
    res.redirect(303, `/imports/${String(id)}`);
    return;
  }
  res.status(status).render('imports/values', {
    imp,
    choices: await service.valueChoices(db, imp),
    reject: REJECT,
    // Each value is shown in the column its file heads it with.
    columnOf: (field: string) => imp.headers.find((_h, i) => imp.mapping[i] === field) ?? field,
    errors: issues.length ? formErrors(res, issues, []) : NO_ERRORS,
  });
}

const ADMIN_PAGE_SIZE = 50;

export function importPageRoutes(db: service.Db): RouteSpec[] {
  return [
    get('/imports', 'imports.use', (_req, res) => {
      renderUpload(res, 200, { type: service.importableTypes(roleOf(res))[0] ?? '', sheet: '' });
    }),

    post('/imports', 'imports.use', async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const values = {
        type: typeof body.type === 'string' ? body.type : '',
        sheet: typeof body.sheet === 'string' ? body.sheet.trim() : '',
      };
      const file = req.file;
      const type =
        values.type === WORKBOOK ||
        (isImportType(values.type) && service.importableTypes(roleOf(res)).includes(values.type))
          ? values.type
          : null;
      const issues: FieldIssue[] = [];
      if (type === null) issues.push({ path: 'type', message: 'imports.error.typeRequired' });
      if (res.locals.uploadError)
        issues.push({ path: 'file', message: `imports.error.${res.locals.uploadError}`, params: { limit: '20 MB' } });
      else if (!file) issues.push({ path: 'file', message: 'imports.error.noFile' });
      // Without a type or a file there is an issue saying so.
      if (issues.length > 0 || type === null || !file) {
        if (file) await service.discardUpload(file.path);
        renderUpload(res, res.locals.uploadError ? uploadErrorStatus(res.locals.uploadError) : 400, values, issues);
        return;
      }
      const upload: UploadedFile = { path: file.path, originalName: uploadedName(file.originalname) };
      try {
        if (type === WORKBOOK) {
          const id = await workbooks.startWorkbook(db, actorOf(res), roleOf(res), upload, {});
          res.redirect(303, `/imports/${id}`);
          return;
        }
        const started = await service.startImport(db, actorOf(res), roleOf(res), type, upload, values.sheet || null);
        const imp = await service.getImport(db, roleOf(res), started.id);
        res.redirect(303, nextStep(imp, started.needsMapping));
      } catch (error) {
        if (error instanceof workbooks.WorkbookForbiddenError) {
          const params = { sheet: error.sheet, type: res.locals.t(`imports.type.${error.type}`).toLowerCase() };
          renderUpload(res, 403, values, [{ path: 'file', message: 'imports.error.sheetForbidden', params }]);
          return;
        }
        if (error instanceof service.UnreadableFileError) {
          const unsupported = ['wrongType', 'legacyXls', 'notWorkbook'].includes(error.reason);
          renderUpload(res, unsupported ? 415 : 400, values, [
            {
              path: error.reason === 'noSheet' ? 'sheet' : 'file',
              message: `imports.error.${error.reason}`,
              params: error.params,
            },
          ]);
          return;
        }
        throw error;
      }
    }),

    get('/imports/history', 'imports.use', async (req, res) => {
      const page = pageNumber(req);
      const { data, total } = await service.listImports(
        db,
        service.importableTypes(roleOf(res)),
        page,
        HISTORY_PAGE_SIZE,
      );
      res.render('imports/history', {
        imports: data,
        total,
        page,
        pages: Math.max(1, Math.ceil(total / HISTORY_PAGE_SIZE)),
      });
    }),

    get('/imports/templates/:file', 'imports.use', (req, res) => {
      const match = /^(\w+)-(es|en)\.csv$/.exec(String(req.params.file));
      const [, type, lang] = match ?? [];
      if (!isImportType(type) || (lang !== 'es' && lang !== 'en')) throw new NotFoundError('template');
      res
        .attachment(`${res.locals.t(`imports.type.${type}`).toLowerCase().replace(/\s+/g, '-')}-${lang}.csv`)
        .type('text/csv; charset=utf-8')
        .send(templateCsv(type, lang));
    }),

    get('/imports/samples/:file', 'imports.use', (req, res) => {
      const match = /^(\w+)\.csv$/.exec(String(req.params.file));
      if (!match || !isImportType(match[1])) throw new NotFoundError('sample');
      res.download(`${SAMPLES_DIR}${match[1]}.csv`, `demo-${match[1]}.csv`);
    }),

    get('/admin/import-values', 'reference.manage', async (req, res) => {
      const page = pageNumber(req);
      const { data, total } = await service.listRememberedValues(db, page, ADMIN_PAGE_SIZE);
      res.render('admin/import-values', {
        values: data,
        total,
        page,
        pages: Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE)),
        labels: await service.rememberedLabels(db, data),
        notice: req.query.notice === 'deleted' ? 'imports.values.admin.deleted' : null,
      });
    }),

    post('/admin/import-values/:id/delete', 'reference.manage', async (req, res) => {
      await service.forgetRememberedValue(db, actorOf(res), idParam(req, 'valueMapping'));
      res.redirect(303, '/admin/import-values?notice=deleted');
    }),

    get('/imports/:id', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      // A workbook has its own page; a sheet of one is shown within it.
      const workbook = await workbooks.workbookOf(db, id);
      if (workbook === id) await renderWorkbook(db, res, id);
      else if (workbook !== undefined) res.redirect(303, `/imports/${workbook}`);
      else await renderImport(db, res, id);
    }),

    ...workbookPageRoutes(db),

    get('/imports/:id/mapping', 'imports.use', async (req, res) => {
      await renderMapping(db, res, idParam(req, 'import'));
    }),

    post('/imports/:id/mapping', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      const imp = await service.getImport(db, roleOf(res), id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const mapping = imp.headers.map((_h, i) => {
        const value = body[`column${i}`];
        return typeof value === 'string' && value !== '' ? value : null;
      });
      try {
        await service.applyMapping(db, roleOf(res), id, mapping);
      } catch (error) {
        if (error instanceof ValidationError) return renderMapping(db, res, id, 400, mapping, error.issues);
        throw error;
      }
      res.redirect(303, nextStep(await service.getImport(db, roleOf(res), id), false));
    }),

    get('/imports/:id/values', 'imports.use', async (req, res) => {
      await renderValues(db, res, idParam(req, 'import'));
    }),

    post('/imports/:id/values', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      const imp = await service.getImport(db, roleOf(res), id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const answers = imp.unrecognized.flatMap((value, i): service.ValueAnswer[] => {
        const choice = body[`value${String(i)}`];
        if (typeof choice !== 'string' || choice === '') return [];
        return [{ field: value.field, value: value.value, code: choice === REJECT ? null : choice }];
      });
      try {
        await service.applyValueMapping(db, actorOf(res), roleOf(res), id, answers);
      } catch (error) {
        if (error instanceof ValidationError) return renderValues(db, res, id, 400, error.issues);
        throw error;
      }
      res.redirect(303, `/imports/${String(id)}`);
    }),

    post('/imports/:id/cells', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      const imp = await service.getImport(db, roleOf(res), id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const edits = service.editableCells(imp).flatMap(({ row, cell, value }) => {
        const typed = body[`cell-${String(row)}-${String(cell)}`];
        return typeof typed === 'string' && typed !== value ? [{ row, cell, value: typed }] : [];
      });
      try {
        if (edits.length > 0) await service.applyCellEdits(db, roleOf(res), id, edits);
      } catch (error) {
        if (error instanceof ValidationError)
          return renderImport(db, res, id, 400, error.issues[0]?.message ?? null, error.issues[0]?.params);
        throw error;
      }
      res.redirect(303, `/imports/${String(id)}${edits.length > 0 ? '?notice=cellsSaved' : ''}`);
    }),

    post('/imports/:id/commit', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      if ((await workbooks.workbookOf(db, id)) === id) return commitWorkbookPage(db, res, id);
      try {
        await service.commitImport(db, actorOf(res), roleOf(res), id);
      } catch (error) {
        if (error instanceof service.RejectedRowsError)
          return renderImport(db, res, id, 422, 'imports.show.commitRefused');
        if (error instanceof ConflictError) return renderImport(db, res, id, 409, error.issues[0]?.message ?? null);
        throw error;
      }
      res.redirect(303, `/imports/${id}?notice=committed`);
    }),

    get('/imports/:id/rejected-rows', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      let rejected: Awaited<ReturnType<typeof service.rejectedRows>>;
      try {
        rejected = await service.rejectedRows(db, roleOf(res), id);
      } catch (error) {
        // A committed or expired import has no file to give back: its page says why.
        if (error instanceof ConflictError) return renderImport(db, res, id, 409, error.issues[0]?.message ?? null);
        throw error;
      }
      const download = rejectedRowsDownload(rejected.file, rejected.issues, res.locals.t, res.locals.lang);
      res.attachment(download.fileName).type(download.contentType);
      await download.write(res);
    }),

    get('/imports/:id/records', 'imports.use', async (req, res) => {
      const imp = await service.getImport(db, roleOf(res), idParam(req, 'import'));
      const action: RecordAction = req.query.action === 'updated' ? 'updated' : 'created';
      const page = pageNumber(req);
      const { data, total } = await service.listImportedRecords(db, imp.id, action, page, RECORDS_PAGE_SIZE);
      res.render('imports/records', {
        imp,
        action,
        records: data,
        total,
        page,
        pages: Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE)),
      });
    }),
  ];
}
