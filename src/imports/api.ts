// Imports through the JSON API: POST a file (multipart field "file") with ?type=…&dryRun=true for
// the preview as JSON, or dryRun=false to commit it (all rows or none). ?type=workbook: workbook-api.ts.
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { sendProblem } from '../http/problem.js';
import { type MessageKey, keyOrText, labelKey } from '../i18n/index.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { WORKBOOK, isImportType, missingFields } from './fields.js';
import { roleOf } from './requester.js';
import { uploadErrorStatus, uploadedName } from './upload.js';
import type { Import, RowIssue } from './import-record.js';
import * as service from './service.js';
import { postWorkbook, workbookJson } from './workbook-api.js';
import * as workbooks from './workbook.js';

function issueJson(res: Response, issue: RowIssue) {
  const t = res.locals.t;
  return {
    row: issue.row,
    column: issue.column ?? t(labelKey('imports.field', String(issue.field))),
    field: issue.field,
    message: t(keyOrText(issue.message), issue.params),
  };
}

export function importJson(res: Response, imp: Import) {
  return {
    id: imp.id,
    type: imp.type,
    status: imp.status,
    fileName: imp.fileName,
    format: imp.format,
    encoding: imp.encoding,
    delimiter: imp.delimiter,
    sheet: imp.sheet,
    columns: imp.headers.map((header, i) => ({ header, field: imp.mapping[i] ?? null })),
    missingFields: missingFields(imp.type, imp.mapping),
    counts: {
      rows: imp.totalRows,
      created: imp.createdCount,
      updated: imp.updatedCount,
      unchanged: imp.unchangedCount,
      rejected: imp.rejectedCount,
      warnings: imp.warningCount,
    },
    rejections: imp.issues.rejections.map((issue) => issueJson(res, issue)),
    moreRejections: imp.issues.moreRejections,
    warnings: imp.issues.warnings.map((issue) => issueJson(res, issue)),
    moreWarnings: imp.issues.moreWarnings,
    createdBy: imp.actorLabel,
    createdAt: imp.createdAt,
    committedAt: imp.committedAt,
  };
}

/** An optional "mapping" form field: {"Header as in the file": "field" or null}. */
function mappingFrom(raw: unknown, headers: string[]): (string | null)[] | null | 'invalid' {
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  try {
    const given = JSON.parse(raw) as unknown;
    if (typeof given !== 'object' || given === null || Array.isArray(given)) return 'invalid';
    return headers.map((header) => {
      const field = (given as Record<string, unknown>)[header];
      return typeof field === 'string' ? field : null;
    });
  } catch {
    return 'invalid';
  }
}

/**
 * Checks the upload and starts its import; null when the answer (a problem) has been sent. A refused
 * upload is deleted at once.
 */
async function startFromUpload(
  db: service.Db,
  req: Request,
  res: Response,
): Promise<{ id: number; needsMapping: boolean } | null> {
  const t = res.locals.t;
  const role = roleOf(res);
  const type = req.query.type;
  const file = req.file;
  const reject = async (status: number, path: string, message: MessageKey, params?: Record<string, string>) => {
    if (file) await service.discardUpload(file.path);
    sendProblem(res, status, t(status === 413 ? 'problem.tooLarge' : 'problem.validation'), {
      errors: [{ path, message: t(message, params) }],
    });
    return null;
  };
  if (res.locals.uploadError)
    return reject(uploadErrorStatus(res.locals.uploadError), 'file', `imports.error.${res.locals.uploadError}`, {
      limit: '20 MB',
    });
  if (!isImportType(type)) return reject(400, 'type', 'imports.error.typeRequired');
  if (!service.importableTypes(role).includes(type)) {
    if (file) await service.discardUpload(file.path);
    sendProblem(res, 403, t('problem.forbidden'));
    return null;
  }
  if (!file) return reject(400, 'file', 'imports.error.noFile');
  try {
    return await service.startImport(
      db,
      actorOf(res),
      role,
      type,
      { path: file.path, originalName: uploadedName(file.originalname) },
      typeof req.query.sheet === 'string' ? req.query.sheet : null,
    );
  } catch (error) {
    if (!(error instanceof service.UnreadableFileError)) throw error;
    const status = error.reason === 'wrongType' || error.reason === 'legacyXls' ? 415 : 400;
    sendProblem(res, status, t(status === 415 ? 'problem.unsupportedMediaType' : 'problem.validation'), {
      errors: [{ path: 'file', message: t(`imports.error.${error.reason}`, error.params) }],
    });
    return null;
  }
}

/** Applies the request's "mapping" field, if any, and previews again; null when the answer has been sent. */
async function previewAsMapped(
  db: service.Db,
  req: Request,
  res: Response,
  started: { id: number; needsMapping: boolean },
): Promise<Import | null> {
  const role = roleOf(res);
  const imp = await service.getImport(db, role, started.id);
  const mapping = mappingFrom((req.body as Record<string, unknown> | undefined)?.mapping, imp.headers);
  if (mapping === 'invalid') {
    sendProblem(res, 400, res.locals.t('problem.validation'), {
      errors: [{ path: 'mapping', message: res.locals.t('imports.error.mappingJson') }],
    });
    return null;
  }
  if (mapping !== null)
    await service.applyMapping(
      db,
      role,
      imp.id,
      imp.mapping.map((field, i) => mapping[i] ?? field),
    );
  else if (started.needsMapping) await service.refreshPreview(db, role, imp.id);
  return service.getImport(db, role, imp.id);
}

export function importApiRoutes(db: service.Db): RouteSpec[] {
  return [
    post('/api/v1/imports', 'imports.use', async (req, res) => {
      if (req.query.type === WORKBOOK) return postWorkbook(db, req, res, importJson);
      const started = await startFromUpload(db, req, res);
      if (!started) return;
      const previewed = await previewAsMapped(db, req, res, started);
      if (!previewed) return;
      const location = `/api/v1/imports/${previewed.id}`;
      if (req.query.dryRun !== 'false') return res.location(location).json(importJson(res, previewed));
      const role = roleOf(res);
      try {
        const committed = await service.commitImport(db, actorOf(res), role, previewed.id);
        res.status(201).location(location).json(importJson(res, committed));
      } catch (error) {
        if (!(error instanceof service.RejectedRowsError)) throw error;
        sendProblem(res, 422, res.locals.t('imports.api.rejected'), {
          import: importJson(res, await service.getImport(db, role, previewed.id)),
        });
      }
    }),

    get('/api/v1/imports/:id', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      if ((await workbooks.workbookOf(db, id)) === id)
        return res.json(workbookJson(res, await workbooks.getWorkbook(db, roleOf(res), id), importJson));
      res.json(importJson(res, await service.getImport(db, roleOf(res), id)));
    }),
  ];
}
