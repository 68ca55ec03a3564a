// The pages of a whole workbook: its preview across the sheets (each sheet's type, counts, issues
// and a link to its column mapping), the choice of what an unrecognized sheet holds, the commit and
// the summary. The upload goes through the import form (record type "whole workbook").
import type { Response } from 'express';
import { idParam } from '../http/params.js';
import { type RouteSpec, actorOf, post } from '../http/routing.js';
import { ConflictError } from '../shared/errors.js';
import { isImportType } from './fields.js';
import { paramsIn } from './issue-params.js';
import { roleOf } from './requester.js';
import * as service from './service.js';
import * as workbooks from './workbook.js';
import { SHEET_ORDER } from './workbook-sheets.js';

const conflictProblem = (error: ConflictError) => ({
  message: error.issues[0]?.message ?? 'imports.error.status.preview',
});

export async function renderWorkbook(
  db: service.Db,
  res: Response,
  id: number,
  status = 200,
  problem: { message: string; params?: Record<string, string> } | null = null,
): Promise<void> {
  const workbook = await workbooks.getWorkbook(db, roleOf(res), id);
  const importable = service.importableTypes(roleOf(res));
  res.status(status).render('imports/workbook', {
    workbook,
    // The sheets as they import: in dependency order.
    sheets: SHEET_ORDER.flatMap((type) => workbook.sheets.filter((sheet) => sheet.type === type && sheet.import)),
    ignored: workbook.sheets.filter((sheet) => !sheet.import),
    types: SHEET_ORDER.filter((type) => importable.includes(type)),
    problem,
    notice: res.req.query.notice === 'committed' ? 'imports.workbook.committed' : null,
    editableOf: service.editableCells,
    paramsIn,
  });
}

/** The workbook's commit, from its preview page. */
export async function commitWorkbookPage(db: service.Db, res: Response, id: number): Promise<void> {
  try {
    await workbooks.commitWorkbook(db, actorOf(res), roleOf(res), id);
  } catch (error) {
    if (error instanceof service.RejectedRowsError)
      return renderWorkbook(db, res, id, 422, { message: 'imports.workbook.commitRefused' });
    if (error instanceof ConflictError) return renderWorkbook(db, res, id, 409, conflictProblem(error));
    throw error;
  }
  res.redirect(303, `/imports/${id}?notice=committed`);
}

export function workbookPageRoutes(db: service.Db): RouteSpec[] {
  return [
    // What each sheet holds: field sheet<i> is a record type, or blank to ignore the sheet.
    post('/imports/:id/sheets', 'imports.use', async (req, res) => {
      const id = idParam(req, 'import');
      const workbook = await workbooks.getWorkbook(db, roleOf(res), id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const choices = Object.fromEntries(
        workbook.sheets.map((sheet, i) => {
          const type = body[`sheet${i}`];
          return [sheet.name, isImportType(type) ? type : null];
        }),
      );
      try {
        await workbooks.chooseSheetTypes(db, roleOf(res), id, choices);
      } catch (error) {
        if (error instanceof workbooks.WorkbookForbiddenError)
          return renderWorkbook(db, res, id, 403, {
            message: 'imports.error.sheetForbidden',
            params: { sheet: error.sheet, type: res.locals.t(`imports.type.${error.type}`).toLowerCase() },
          });
        if (error instanceof ConflictError) return renderWorkbook(db, res, id, 409, conflictProblem(error));
        throw error;
      }
      res.redirect(303, `/imports/${id}`);
    }),
  ];
}
