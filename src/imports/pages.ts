// Import pages: upload, column mapping, preview, commit, summary, history, templates and samples.
import { fileURLToPath } from 'node:url';
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { NO_ERRORS, formErrors } from '../shared/forms.js';
import { FIELDS, WORKBOOK, isImportType, missingFields } from './fields.js';
import type { RecordAction } from './import-record.js';
import * as service from './service.js';
import { templateCsv } from './templates.js';
import type { UploadedFile } from './service.js';
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

async function renderImport(db: service.Db, res: Response, id: number, status = 200, problem: string | null = null) {
  const imp = await service.getImport(db, roleOf(res), id);
  res.status(status).render('imports/show', {
    imp,
    fields: FIELDS[imp.type],
    missing: missingFields(imp.type, imp.mapping),
    problem,
    notice: res.req.query.notice === 'committed' ? 'imports.show.committed' : null,
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
  const samples = await service.sampleRows(imp, 3);
  const current = mapping ?? imp.mapping;
  res.status(status).render('imports/mapping', {
    imp,
    fields: FIELDS[imp.type],
    mapping: current,
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
        res.redirect(303, started.needsMapping ? `/imports/${started.id}/mapping` : `/imports/${started.id}`);
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
      res.redirect(303, `/imports/${id}`);
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
