// Whole workbooks through the JSON API: POST /api/v1/imports?type=workbook with the file (and an
// optional multipart field "sheets", {"Sheet name": "partners" | "events" | "reviews" | "agreements"
// | null}) answers the preview across the sheets; dryRun=false commits all of it or nothing.
import type { Request, Response } from 'express';
import { sendProblem } from '../http/problem.js';
import { actorOf } from '../http/routing.js';
import type { MessageKey } from '../i18n/index.js';
import type { importJson } from './api.js';
import type { Import } from './import-record.js';
import { roleOf } from './requester.js';
import * as service from './service.js';
import { uploadErrorStatus, uploadedName } from './upload.js';
import * as workbooks from './workbook.js';
import { SHEET_ORDER } from './workbook-sheets.js';

/** How one import answers as JSON (the API's own, passed in so that both answer alike). */
type ImportJson = (res: Response, imp: Import) => ReturnType<typeof importJson>;

/** A workbook's preview or summary: each imported sheet as a file of its type answers, and the totals. */
export function workbookJson(res: Response, workbook: workbooks.Workbook, sheetJson: ImportJson) {
  return {
    id: workbook.id,
    type: 'workbook',
    status: workbook.status,
    fileName: workbook.fileName,
    format: 'xlsx',
    // In the order they import.
    sheets: SHEET_ORDER.flatMap((order) => workbook.sheets.filter((sheet) => sheet.type === order)).flatMap(
      ({ name, import: imp }) => {
        if (!imp) return [];
        const json = sheetJson(res, imp);
        return [
          {
            name,
            id: json.id,
            type: json.type,
            columns: json.columns,
            missingFields: json.missingFields,
            counts: json.counts,
            rejections: json.rejections,
            moreRejections: json.moreRejections,
            warnings: json.warnings,
            moreWarnings: json.moreWarnings,
            changes: json.changes,
            moreChanges: json.moreChanges,
            unrecognizedValues: json.unrecognizedValues,
            cellEdits: json.cellEdits,
          },
        ];
      },
    ),
    ignoredSheets: workbook.sheets.filter((sheet) => !sheet.import).map((sheet) => sheet.name),
    counts: {
      rows: workbook.totalRows,
      created: workbook.createdCount,
      updated: workbook.updatedCount,
      unchanged: workbook.unchangedCount,
      rejected: workbook.rejectedCount,
      warnings: workbook.warningCount,
    },
    createdBy: workbook.actorLabel,
    createdAt: workbook.createdAt,
    committedAt: workbook.committedAt,
  };
}

/** The optional "sheets" field; 'invalid' when it is not a JSON object of sheet names and types. */
function choicesFrom(raw: unknown): workbooks.SheetChoices | 'invalid' {
  if (typeof raw !== 'string' || raw.trim() === '') return {};
  try {
    return workbooks.sheetChoicesFrom(JSON.parse(raw)) ?? 'invalid';
  } catch {
    return 'invalid';
  }
}

/** Starts a workbook from the upload, previews it and, with dryRun=false, commits it. */
export async function postWorkbook(db: service.Db, req: Request, res: Response, sheetJson: ImportJson) {
  const t = res.locals.t;
  const role = roleOf(res);
  const file = req.file;
  const reject = async (status: number, path: string, message: MessageKey, params?: Record<string, string>) => {
    if (file) await service.discardUpload(file.path);
    const title = status === 413 ? 'problem.tooLarge' : status === 415 ? 'problem.unsupportedMediaType' : null;
    sendProblem(res, status, t(title ?? (status === 403 ? 'problem.forbidden' : 'problem.validation')), {
      errors: [{ path, message: t(message, params) }],
    });
  };
  if (res.locals.uploadError)
    return reject(uploadErrorStatus(res.locals.uploadError), 'file', `imports.error.${res.locals.uploadError}`, {
      limit: '20 MB',
    });
  if (!file) return reject(400, 'file', 'imports.error.noFile');
  const choices = choicesFrom((req.body as Record<string, unknown> | undefined)?.sheets);
  if (choices === 'invalid') return reject(400, 'sheets', 'imports.error.sheetsJson');
  let id: number;
  try {
    id = await workbooks.startWorkbook(
      db,
      actorOf(res),
      role,
      { path: file.path, originalName: uploadedName(file.originalname) },
      choices,
    );
  } catch (error) {
    if (error instanceof workbooks.WorkbookForbiddenError)
      return reject(403, 'sheets', 'imports.error.sheetForbidden', {
        sheet: error.sheet,
        type: t(`imports.type.${error.type}`).toLowerCase(),
      });
    if (!(error instanceof service.UnreadableFileError)) throw error;
    const unsupported = ['wrongType', 'legacyXls', 'notWorkbook'].includes(error.reason);
    return reject(
      unsupported ? 415 : 400,
      error.reason === 'noSheet' ? 'sheets' : 'file',
      `imports.error.${error.reason}`,
      error.params,
    );
  }
  const location = `/api/v1/imports/${id}`;
  if (req.query.dryRun !== 'false')
    return res.location(location).json(workbookJson(res, await workbooks.getWorkbook(db, role, id), sheetJson));
  try {
    const committed = await workbooks.commitWorkbook(db, actorOf(res), role, id);
    res
      .status(201)
      .location(location)
      .json(workbookJson(res, committed, sheetJson));
  } catch (error) {
    if (!(error instanceof service.RejectedRowsError)) throw error;
    sendProblem(res, 422, t('imports.api.rejected'), {
      import: workbookJson(res, await workbooks.getWorkbook(db, role, id), sheetJson),
    });
  }
}
