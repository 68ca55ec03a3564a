// Imports through the JSON API: POST a file (multipart field "file") with ?type=…&dryRun=true for
// the preview as JSON, or dryRun=false to commit it (all rows or none). ?type=workbook: workbook-api.ts.
import type { Request, Response } from 'express';
import { idParam } from '../http/params.js';
import { sendProblem } from '../http/problem.js';
import { ConflictError } from '../shared/errors.js';
import { type MessageKey, keyOrText, labelKey } from '../i18n/index.js';
import { type RouteSpec, actorOf, get, post } from '../http/routing.js';
import { WORKBOOK, isImportType, missingFields } from './fields.js';
import { rejectedRowsDownload } from './rejected-rows.js';
import { roleOf } from './requester.js';
import { uploadErrorStatus, uploadedName } from './upload.js';
import type { CellEdit } from './cell-edits.js';
import { paramsIn } from './issue-params.js';
import type { FieldChange, Import, RowIssue } from './import-record.js';
import { issueColumn, issueSentence } from './issue-text.js';
import { ValidationError } from '../shared/errors.js';
import * as service from './service.js';
import { postWorkbook, workbookJson } from './workbook-api.js';
import * as workbooks from './workbook.js';

function issueJson(res: Response, issue: RowIssue) {
  const t = res.locals.t;
  return {
    row: issue.row,
    column: issueColumn(t, issue),
    field: issue.field,
    message: t(keyOrText(issue.message), paramsIn(issue.params, res.locals.lang)),
    text: issueSentence(t, issue, res.locals.lang),
  };
}

function changeJson(res: Response, change: FieldChange) {
  const lang = res.locals.lang;
  return {
    row: change.row,
    entity: change.entity,
    recordId: change.recordId,
    partnerId: change.partnerId,
    record: change.record,
    column: change.column ?? res.locals.t(labelKey('imports.field', change.field)),
    field: change.field,
    before: change.before[lang],
    after: change.after[lang],
  };
}

export function importJson(res: Response, imp: Import) {
  const lang = res.locals.lang === 'en' ? 'en' : 'es';
  const suggestions = service.columnSuggestions(imp.type, imp.headers, imp.mapping);
  return {
    id: imp.id,
    type: imp.type,
    status: imp.status,
    fileName: imp.fileName,
    format: imp.format,
    encoding: imp.encoding,
    delimiter: imp.delimiter,
    sheet: imp.sheet,
    // An unassigned column carries the field its header most resembles, for the client to confirm.
    columns: imp.headers.map((header, i) => ({
      header,
      field: imp.mapping[i] ?? null,
      suggestion: suggestions[i] ?? null,
    })),
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
    unrecognizedValues: imp.unrecognized.map((value) => ({
      column: imp.headers.find((_h, i) => imp.mapping[i] === value.field) ?? value.field,
      field: value.field,
      list: value.list,
      value: value.value,
      rows: value.rows,
      firstRow: value.firstRow,
      status: value.status,
      means: value.code === null || value.label === null ? null : { code: value.code, label: value.label[lang] },
      suggestion: value.suggestion && {
        code: value.suggestion.code,
        label: value.suggestion.label[lang],
        confidence: value.suggestion.confidence,
      },
    })),
    cellEdits: Object.entries(imp.cellEdits).flatMap(([row, cells]) =>
      Object.entries(cells).map(([cell, value]) => ({
        row: Number(row),
        column: imp.headers[Number(cell)] ?? null,
        value,
      })),
    ),
    changes: imp.issues.changes.map((change) => changeJson(res, change)),
    moreChanges: imp.issues.moreChanges,
    createdBy: imp.actorLabel,
    createdAt: imp.createdAt,
    committedAt: imp.committedAt,
  };
}

/** A column mapping and value answers as the API takes them. */
interface ApiMapping {
  columns: (string | null)[] | null;
  values: service.ValueAnswer[];
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A mapping given as JSON: `{ "columns": { "<header>": "<field>"|null }, "values": { "<field>": { "<value>":
 * "<code>"|null } } }`, or the older flat `{ "<header>": "<field>"|null }`. Null when absent.
 */
function parseMapping(raw: unknown, headers: string[]): ApiMapping | null | 'invalid' {
  let given: unknown = raw;
  if (typeof raw === 'string') {
    if (raw.trim() === '') return null;
    try {
      given = JSON.parse(raw) as unknown;
    } catch {
      return 'invalid';
    }
  }
  if (given === undefined || given === null) return null;
  if (!isObject(given)) return 'invalid';
  const structured = 'columns' in given || 'values' in given;
  const columns = structured ? given.columns : given;
  if (columns !== undefined && !isObject(columns)) return 'invalid';
  const values = structured ? given.values : undefined;
  if (values !== undefined && !isObject(values)) return 'invalid';
  const answers: service.ValueAnswer[] = [];
  for (const [field, byValue] of Object.entries(values ?? {})) {
    if (!isObject(byValue)) return 'invalid';
    for (const [value, code] of Object.entries(byValue)) {
      if (code !== null && typeof code !== 'string') return 'invalid';
      answers.push({ field, value, code });
    }
  }
  return {
    columns: columns
      ? headers.map((header) => {
          const field = columns[header];
          return typeof field === 'string' ? field : null;
        })
      : null,
    values: answers,
  };
}

/** Corrected cells as the API takes them: `{ "cells": [{ "row": 12, "column": "<header>", "value": "…" }] }`. */
function parseCells(body: unknown, headers: string[]): CellEdit[] | 'invalid' {
  if (!isObject(body) || !Array.isArray(body.cells) || body.cells.length === 0) return 'invalid';
  const edits: CellEdit[] = [];
  for (const item of body.cells as unknown[]) {
    if (!isObject(item) || typeof item.value !== 'string' || !Number.isInteger(item.row)) return 'invalid';
    const cell = typeof item.column === 'string' ? headers.indexOf(item.column) : -1;
    if (cell < 0) return 'invalid';
    edits.push({ row: Number(item.row), cell, value: item.value });
  }
  return edits;
}

/** Commits a workbook's preview: 201 with the workbook, or 422 with its preview and nothing written. */
async function commitWorkbookAndAnswer(db: service.Db, res: Response, id: number): Promise<void> {
  const role = roleOf(res);
  try {
    const committed = await workbooks.commitWorkbook(db, actorOf(res), role, id);
    res
      .status(201)
      .location(`/api/v1/imports/${String(id)}`)
      .json(workbookJson(res, committed, importJson));
  } catch (error) {
    if (!(error instanceof service.RejectedRowsError)) throw error;
    sendProblem(res, 422, res.locals.t('imports.api.rejected'), {
      import: workbookJson(res, await workbooks.getWorkbook(db, role, id), importJson),
    });
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

function invalidMapping(res: Response): null {
  sendProblem(res, 400, res.locals.t('problem.validation'), {
    errors: [{ path: 'mapping', message: res.locals.t('imports.error.mappingJson') }],
  });
  return null;
}

/** A validation failure of a mapping or correction, as a problem naming each fault. */
function sendIssues(res: Response, error: ValidationError): void {
  const t = res.locals.t;
  sendProblem(res, 400, t('problem.validation'), {
    errors: error.issues.map((issue) => ({ path: issue.path, message: t(keyOrText(issue.message), issue.params) })),
  });
}

/** Applies a mapping (columns, then value answers) to a preview; false when a problem has been sent. */
async function applyApiMapping(db: service.Db, res: Response, imp: Import, mapping: ApiMapping): Promise<boolean> {
  const role = roleOf(res);
  try {
    if (mapping.columns) {
      const columns = mapping.columns;
      await service.applyMapping(
        db,
        role,
        imp.id,
        imp.mapping.map((field, i) => columns[i] ?? field),
      );
    }
    if (mapping.values.length > 0) await service.applyValueMapping(db, actorOf(res), role, imp.id, mapping.values);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    sendIssues(res, error);
    return false;
  }
  return true;
}

/** Applies the request's mapping (multipart field or, for a raw CSV body, the query), if any, and previews again. */
async function previewAsMapped(
  db: service.Db,
  req: Request,
  res: Response,
  started: { id: number; needsMapping: boolean },
): Promise<Import | null> {
  const role = roleOf(res);
  const imp = await service.getImport(db, role, started.id);
  const raw = (req.body as Record<string, unknown> | undefined)?.mapping ?? req.query.mapping;
  const mapping = parseMapping(raw, imp.headers);
  if (mapping === 'invalid') return invalidMapping(res);
  if (mapping !== null) {
    if (!(await applyApiMapping(db, res, imp, mapping))) return null;
  } else if (started.needsMapping) await service.refreshPreview(db, role, imp.id);
  return service.getImport(db, role, imp.id);
}

/** Commits a preview: 201 with the import, or 422 with the preview and nothing written. */
async function commitAndAnswer(db: service.Db, res: Response, id: number): Promise<void> {
  const role = roleOf(res);
  const location = `/api/v1/imports/${String(id)}`;
  try {
    const committed = await service.commitImport(db, actorOf(res), role, id);
    res.status(201).location(location).json(importJson(res, committed));
  } catch (error) {
    if (!(error instanceof service.RejectedRowsError)) throw error;
    sendProblem(res, 422, res.locals.t('imports.api.rejected'), {
      import: importJson(res, await service.getImport(db, role, id)),
    });
  }
}

export function importApiRoutes(db: service.Db): RouteSpec[] {
  return [
    post('/api/v1/imports', 'imports.use', async (req, res) => {
      if (req.query.type === WORKBOOK) return postWorkbook(db, req, res, importJson);
      const started = await startFromUpload(db, req, res);
      if (!started) return;
      const previewed = await previewAsMapped(db, req, res, started);
      if (!previewed) return;
      const location = `/api/v1/imports/${String(previewed.id)}`;
      if (req.query.dryRun !== 'false') return res.location(location).json(importJson(res, previewed));
      await commitAndAnswer(db, res, previewed.id);
    }),

    post('/api/v1/imports/:id/mapping', 'imports.use', async (req, res) => {
      const imp = await service.getImport(db, roleOf(res), idParam(req, 'import'));
      const mapping = parseMapping(req.body, imp.headers);
      if (mapping === 'invalid' || mapping === null) return invalidMapping(res);
      if (!(await applyApiMapping(db, res, imp, mapping))) return;
      res.json(importJson(res, await service.getImport(db, roleOf(res), imp.id)));
    }),

    post('/api/v1/imports/:id/cells', 'imports.use', async (req, res) => {
      const imp = await service.getImport(db, roleOf(res), idParam(req, 'import'));
      const edits = parseCells(req.body, imp.headers);
      if (edits === 'invalid') {
        sendProblem(res, 400, res.locals.t('problem.validation'), {
          errors: [{ path: 'cells', message: res.locals.t('imports.error.cellsJson') }],
        });
        return;
      }
      try {
        await service.applyCellEdits(db, roleOf(res), imp.id, edits);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        sendIssues(res, error);
        return;
      }
      res.json(importJson(res, await service.getImport(db, roleOf(res), imp.id)));
    }),

    post('/api/v1/imports/:id/commit', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      if ((await workbooks.workbookOf(db, id)) === id) return commitWorkbookAndAnswer(db, res, id);
      const imp = await service.getImport(db, roleOf(res), id);
      await commitAndAnswer(db, res, imp.id);
    }),

    get('/api/v1/imports/:id/rejected-rows', 'imports.use', async (req, res) => {
      let rejected: Awaited<ReturnType<typeof service.rejectedRows>>;
      try {
        rejected = await service.rejectedRows(db, roleOf(res), idParam(req, 'import'));
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // A committed or expired import has no file to give back.
        sendProblem(res, 409, res.locals.t(keyOrText(error.issues[0]?.message ?? 'problem.staleVersion')));
        return;
      }
      const download = rejectedRowsDownload(rejected.file, rejected.issues, res.locals.t, res.locals.lang);
      res.attachment(download.fileName).type(download.contentType);
      await download.write(res);
    }),

    get('/api/v1/imports/:id', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      if ((await workbooks.workbookOf(db, id)) === id)
        return res.json(workbookJson(res, await workbooks.getWorkbook(db, roleOf(res), id), importJson));
      res.json(importJson(res, await service.getImport(db, roleOf(res), id)));
    }),
  ];
}
