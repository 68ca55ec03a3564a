// Whole workbooks: one XLSX whose sheets hold partners, agreements, events and reviews. A workbook
// is an import of type 'workbook' (its headers the sheet names, its mapping each sheet's record
// type, null for a sheet it ignores) with one import per imported sheet, each mapped and previewed
// as a file of its type. The preview runs across the sheets; the commit writes every sheet in one
// transaction, in dependency order, with one audit record: all of it or nothing.
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { type Role, can } from '../auth/access.js';
import type { Db } from '../database/connect.js';
import { ConflictError, NotFoundError } from '../shared/errors.js';
import { type ImportType, type Mapping, WORKBOOK, isImportType } from './fields.js';
import type { Import } from './import-record.js';
import { keepUpload, keptName, localCopy, removeLocalCopy, uploadContent } from './kept-files.js';
import { prepareLookups } from './records/lookups.js';
import * as repo from './repository.js';
import {
  IMPORT_ACTIONS,
  NO_COUNTS,
  type KeptImport,
  RejectedRowsError,
  type UploadedFile,
  addCounts,
  afterCommit,
  claimForCommit,
  commitRows,
  discardStalePreviews,
  initialMapping,
  previewWorkbook,
  removedOnFailure,
} from './service.js';
import { UnreadableFileError, detectFormat, listSheets, openSource } from './source.js';
import { inImportOrder, sheetType } from './workbook-sheets.js';

export interface WorkbookSheet {
  name: string;
  /** The record type the sheet imports as; null when it is ignored. */
  type: ImportType | null;
  /** The sheet's own import (columns, counts, issues); null when ignored. */
  import: Import | null;
}

export type Workbook = repo.WorkbookRecord & { sheets: WorkbookSheet[] };

/** The user's choice for sheets the names do not settle: a record type, or null to ignore the sheet. */
export type SheetChoices = Record<string, ImportType | null>;

/** A sheet holds records of a type the role may not import: the whole workbook is refused. */
export class WorkbookForbiddenError extends Error {
  constructor(
    readonly sheet: string,
    readonly type: ImportType,
  ) {
    super('sheet type not importable');
  }
}

/** Reads a "sheets" choice ({"sheet name": "type" or null}); null when it is not one. */
export function sheetChoicesFrom(raw: unknown): SheetChoices | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const choices: SheetChoices = {};
  for (const [name, type] of Object.entries(raw)) {
    if (type !== null && type !== '' && !isImportType(type)) return null;
    choices[name] = isImportType(type) ? type : null;
  }
  return choices;
}

/** Each sheet's type: the user's choice where given, else what its name reveals. */
function planOf(names: string[], choices: SheetChoices, role: Role): Mapping {
  const key = (name: string) => name.trim().toLowerCase();
  const chosen = new Map(Object.entries(choices).map(([name, type]) => [key(name), type]));
  for (const name of Object.keys(choices))
    if (!names.some((n) => key(n) === key(name))) throw new UnreadableFileError('noSheet', { sheet: name });
  return names.map((name) => {
    const type = chosen.has(key(name)) ? (chosen.get(key(name)) ?? null) : sheetType(name);
    if (type !== null && !can(role, IMPORT_ACTIONS[type])) throw new WorkbookForbiddenError(name, type);
    return type;
  });
}

/**
 * Adds an import for each typed sheet that has none of that type yet, and drops the imports of sheets
 * whose type changed; a typed sheet without a header row is ignored. Returns the plan as it stands.
 */
async function applyPlan(
  db: Db,
  workbook: repo.WorkbookRecord,
  sheets: Import[],
  file: string,
  plan: Mapping,
): Promise<Mapping> {
  const names = workbook.headers;
  const byName = new Map(sheets.map((sheet) => [sheet.sheet, sheet]));
  await repo.deleteSheetImports(
    db,
    sheets.filter((sheet) => plan[names.indexOf(sheet.sheet ?? '')] !== sheet.type).map((sheet) => sheet.id),
  );
  const result: Mapping = [];
  for (const [i, name] of names.entries()) {
    const type = plan[i] ?? null;
    if (type === null || !isImportType(type) || byName.get(name)?.type === type) {
      result.push(type);
      continue;
    }
    let headers: string[];
    try {
      const source = await openSource(file, 'xlsx', name);
      await source.rows.return(undefined);
      headers = source.headers;
    } catch (error) {
      if (!(error instanceof UnreadableFileError && error.reason === 'empty')) throw error;
      result.push(null);
      continue;
    }
    const { mapping } = await initialMapping(db, type, headers);
    await repo.insertImport(db, {
      type,
      fileName: workbook.fileName,
      format: 'xlsx',
      sheet: name,
      encoding: null,
      delimiter: null,
      headers,
      mapping,
      storedFile: keptName(file),
      userId: workbook.userId,
      actorLabel: workbook.actorLabel,
      workbookId: workbook.id,
    });
    result.push(type);
  }
  return result;
}

async function planAndPreview(db: Db, id: number, file: string, plan: Mapping): Promise<void> {
  const found = await repo.findWorkbook(db, id);
  if (!found) throw new NotFoundError('import');
  const applied = await applyPlan(db, found.workbook, found.sheets, file, plan);
  await repo.saveWorkbookPlan(db, id, applied, NO_COUNTS);
  await previewWorkbook(db, id);
}

/**
 * Lists an uploaded workbook's sheets, gives each the type its name reveals (or the user chose),
 * reads each typed sheet's header and previews them all together. A CSV, a sheet name that is not
 * there and a sheet of a type the role may not import are refused, and the file deleted.
 */
export async function startWorkbook(
  db: Db,
  actor: Actor,
  role: Role,
  file: UploadedFile,
  choices: SheetChoices,
): Promise<number> {
  await discardStalePreviews(db);
  const { names, plan } = await removedOnFailure(file.path, async () => {
    if ((await detectFormat(file.path, file.originalName)) !== 'xlsx') throw new UnreadableFileError('notWorkbook');
    const sheets = await listSheets(file.path);
    return { names: sheets, plan: planOf(sheets, choices, role) };
  });
  const upload = await uploadContent(file.path);
  // The file is kept in the database with the workbook's row; its sheets' imports share it.
  const id = await db.transaction().execute(async (trx) => {
    await keepUpload(trx, upload);
    return repo.insertImport(trx, {
      type: WORKBOOK,
      fileName: file.originalName.slice(0, 300),
      format: 'xlsx',
      sheet: null,
      encoding: null,
      delimiter: null,
      headers: names,
      mapping: names.map(() => null),
      storedFile: upload.name,
      userId: actor.userId,
      actorLabel: actor.label,
    });
  });
  await planAndPreview(db, id, file.path, plan);
  return id;
}

/** A workbook the role may import every sheet of; any other answers as missing. */
export async function getWorkbook(db: Db, role: Role, id: number): Promise<Workbook> {
  const found = await repo.findWorkbook(db, id);
  if (!found || found.sheets.some((sheet) => !can(role, IMPORT_ACTIONS[sheet.type]))) throw new NotFoundError('import');
  const { workbook, sheets } = found;
  return {
    ...workbook,
    sheets: workbook.headers.map((name, i) => {
      const type = workbook.mapping[i] ?? null;
      const own = sheets.find((sheet) => sheet.sheet === name) ?? null;
      return { name, type: isImportType(type) ? type : null, import: own };
    }),
  };
}

/** The workbook an import id names: the workbook itself, or the workbook a sheet's import belongs to. */
export async function workbookOf(db: Db, id: number): Promise<number | undefined> {
  return repo.workbookOf(db, id);
}

/** A workbook in preview, with its kept file at a path this instance reads. */
async function openWorkbook(db: Db, role: Role, id: number): Promise<Workbook & { storedFile: string }> {
  const workbook = await getWorkbook(db, role, id);
  const { storedFile } = workbook;
  if (workbook.status !== 'preview' || !storedFile)
    throw new ConflictError('stale_version', [{ path: 'import', message: `imports.error.status.${workbook.status}` }]);
  return { ...workbook, storedFile: await localCopy(db, storedFile) };
}

/** Gives sheets the user's types (or none) and previews the workbook again. */
export async function chooseSheetTypes(db: Db, role: Role, id: number, choices: SheetChoices): Promise<void> {
  const workbook = await openWorkbook(db, role, id);
  const current = Object.fromEntries(workbook.sheets.map((sheet) => [sheet.name, sheet.type]));
  await planAndPreview(db, id, workbook.storedFile, planOf(workbook.headers, { ...current, ...choices }, role));
}

/** A sheet's import that still keeps its file, read at the workbook's local copy (they share one file). */
const kept = (imp: Import | null, file: string): KeptImport[] =>
  imp?.storedFile ? [{ ...imp, storedFile: file }] : [];

/**
 * Writes every sheet in dependency order in one transaction (partners first, so the next sheets
 * find them), rescores once and records one audit entry. When a sheet has a rejected row nothing is
 * written, and the workbook is previewed again so that it shows why.
 */
export async function commitWorkbook(db: Db, actor: Actor, role: Role, id: number): Promise<Workbook> {
  const workbook = await openWorkbook(db, role, id);
  const sheets = inImportOrder(workbook.sheets.flatMap((sheet) => kept(sheet.import, workbook.storedFile)));
  try {
    await db.transaction().execute(async (trx) => {
      await claimForCommit(trx, workbook.id);
      const lookups = await prepareLookups(trx);
      const touched = new Set<number>();
      let totals = NO_COUNTS;
      const done: { sheet: string | null }[] = [];
      for (const sheet of sheets) {
        const outcome = await commitRows(trx, sheet, lookups);
        for (const partnerId of outcome.touchedPartnerIds) touched.add(partnerId);
        totals = addCounts(totals, outcome.counts);
        done.push({ sheet: sheet.sheet });
      }
      await afterCommit(
        trx,
        touched,
        sheets.map((sheet) => sheet.type),
      );
      await recordAudit(trx, actor, {
        action: 'commit',
        entity: 'import',
        entityId: workbook.id,
        details: {
          type: WORKBOOK,
          fileName: workbook.fileName,
          sheets: done.map(({ sheet }) => sheet),
          rows: totals.totalRows,
          created: totals.createdCount,
          updated: totals.updatedCount,
          unchanged: totals.unchangedCount,
          warnings: totals.warningCount,
        },
      });
      await repo.markCommitted(trx, workbook.id, totals, repo.NO_ISSUES);
      await repo.forgetFiles(trx, [keptName(workbook.storedFile)]);
    });
  } catch (error) {
    if (error instanceof RejectedRowsError) await previewWorkbook(db, workbook.id);
    throw error;
  }
  await removeLocalCopy(workbook.storedFile);
  return getWorkbook(db, role, workbook.id);
}
