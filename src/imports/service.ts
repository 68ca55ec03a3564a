// Import use cases, shared by the pages and the API: start (upload → preview), map columns,
// commit in one transaction (all rows or none), history.
import { rm } from 'node:fs/promises';
import type { Actor } from '../audit/actor.js';
import { recordAudit } from '../audit/repository.js';
import { type Action, type Role, can } from '../auth/access.js';
import type { Db } from '../database/connect.js';
import type { Executor, Trx } from '../database/executor.js';
import { en, es } from '../i18n/index.js';
import { rescorePartners } from '../scoring/service.js';
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from '../shared/errors.js';
import { EVENTS_REVISION, PORTFOLIO_REVISION, bumpRevision } from '../shared/revisions.js';
import { type CellEdit, type CellEdits, mergeEdits, withEdits } from './cell-edits.js';
import { keepUpload, keptName, localCopy, removeLocalCopy, uploadContent } from './kept-files.js';
import { cellText } from './cells.js';
import { FIELDS, IMPORT_TYPES, type ImportType, type Mapping, headerSignature } from './fields.js';
import { matchHeaders, suggestFields } from './headers.js';
import { type Outcome, processRows } from './process.js';
import type { Import, ImportCounts, RowIssue } from './import-record.js';
import { type KeptFile, problemsColumn } from './rejected-rows.js';
import { type Lookups, prepareLookups } from './records/lookups.js';
import { inImportOrder } from './workbook-sheets.js';
import * as repo from './repository.js';
import { listNamed, prepareValueLists } from './records/lookups.js';
import { UnreadableFileError, detectFormat, openSource, readToEnd } from './source.js';
import { FIELD_LISTS } from './values/field-lists.js';
import { valueKey } from './values/value-list.js';
import { type ValueMapping, ValueResolver } from './values/value-mapping.js';
import { type ValueListName, isValueListName } from './values/vocabulary.js';
import { hasControlCharacters } from '../shared/plain-text.js';

/** The database handle this module's functions take; routes pass it through. */
export type { Db };

/** Who may import each record type: the same actions that guard typing those records in. */
export const IMPORT_ACTIONS: Record<ImportType, Action> = {
  partners: 'partners.write',
  events: 'evidence.write',
  reviews: 'evidence.write',
  agreements: 'portfolio.manage',
};

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** A preview keeps its file this long for the commit; then it expires. */
export const PREVIEW_LIFETIME_MS = 24 * 60 * 60 * 1000;
const RESCORE_BATCH = 5000;

export function importableTypes(role: Role): ImportType[] {
  return IMPORT_TYPES.filter((type) => can(role, IMPORT_ACTIONS[type]));
}

export class ImportForbiddenError extends Error {}

/** A commit that found rejected rows: nothing was written; the outcome says why. */
export class RejectedRowsError extends Error {
  constructor(readonly outcome: Outcome) {
    super('rejected rows');
  }
}

export { UnreadableFileError };

// Where the app's own form label (and export column title) is not `field.<name>`.
const APP_LABELS: Record<string, string> = {
  territories: 'field.territoryIds',
  assistanceTypes: 'field.assistanceTypeIds',
};

/**
 * A field's labels in both languages: they are recognized headers and the templates' headers
 * (Spanish, English). The app's own form labels follow, so a file the app exported imports back.
 */
export const fieldLabels = (field: string): string[] => {
  const appLabel = APP_LABELS[field] ?? `field.${field}`;
  return [
    (es as Record<string, string>)[`imports.field.${field}`] ?? field,
    (en as Record<string, string>)[`imports.field.${field}`] ?? field,
    ...[es, en]
      .map((dictionary) => (dictionary as Record<string, string>)[appLabel])
      .filter((label): label is string => label !== undefined),
  ];
};

export interface UploadedFile {
  path: string;
  originalName: string;
}

function checkAllowed(role: Role, type: ImportType): void {
  if (!can(role, IMPORT_ACTIONS[type])) throw new ImportForbiddenError(type);
}

/**
 * Marks the previews older than their lifetime expired and deletes their kept files from the
 * database (in `db`, which may be a transaction); returns them, so the caller deletes its local
 * copies once that has committed.
 */
export async function expireStalePreviews(
  db: Executor,
  now = new Date(),
): Promise<{ id: number; storedFile: string | null }[]> {
  const stale = await repo.stalePreviews(db, new Date(now.getTime() - PREVIEW_LIFETIME_MS).toISOString());
  await repo.markExpired(
    db,
    stale.map((s) => s.id),
  );
  await repo.forgetFiles(
    db,
    stale.flatMap((s) => (s.storedFile ? [keptName(s.storedFile)] : [])),
  );
  return stale;
}

/** Expires the stale previews and deletes their files, in the database and here. */
export async function discardStalePreviews(db: Db): Promise<void> {
  const stale = await db.transaction().execute((trx) => expireStalePreviews(trx));
  for (const { storedFile } of stale) if (storedFile) await removeLocalCopy(storedFile);
}

/**
 * An import whose file is still kept: a preview that can be mapped, previewed again or committed.
 * Its `storedFile` is a path this instance reads (see kept-files.ts).
 */
export type KeptImport = Import & { storedFile: string };

/** What a run needs to read an import's rows: its kept file, corrected cells and value answers. */
type ReadableImport = Pick<
  KeptImport,
  'id' | 'type' | 'format' | 'sheet' | 'storedFile' | 'valueMapping' | 'cellEdits' | 'workbookId'
>;

/** The kept file's rows with the cells corrected in the preview laid over them. */
async function importRows(db: Executor, imp: Pick<ReadableImport, 'format' | 'sheet' | 'storedFile' | 'cellEdits'>) {
  const source = await openSource(await localCopy(db, imp.storedFile), imp.format, imp.sheet);
  return withEdits(source.rows, imp.cellEdits);
}

async function valueResolver(db: Executor, mapping: ValueMapping): Promise<ValueResolver> {
  return new ValueResolver(mapping, await repo.rememberedValues(db));
}

async function runPreview(db: Db, imp: ReadableImport, headers: string[], mapping: Mapping): Promise<void> {
  if (imp.workbookId !== null) {
    // A sheet's rows may name partners an earlier sheet creates: the whole workbook previews again.
    await repo.saveMapping(db, imp.id, mapping);
    await previewWorkbook(db, imp.workbookId);
    return;
  }
  const values = await valueResolver(db, imp.valueMapping);
  const outcome = await processRows(
    { mode: 'preview', db },
    imp.type,
    headers,
    mapping,
    await importRows(db, imp),
    values,
  );
  await repo.saveOutcome(db, imp.id, outcome.counts, outcome.issues, mapping);
  await repo.saveUnrecognized(db, imp.id, outcome.unrecognized);
}

export const NO_COUNTS: ImportCounts = {
  totalRows: 0,
  createdCount: 0,
  updatedCount: 0,
  unchangedCount: 0,
  rejectedCount: 0,
  warningCount: 0,
};

export const addCounts = (a: ImportCounts, b: ImportCounts): ImportCounts => ({
  totalRows: a.totalRows + b.totalRows,
  createdCount: a.createdCount + b.createdCount,
  updatedCount: a.updatedCount + b.updatedCount,
  unchangedCount: a.unchangedCount + b.unchangedCount,
  rejectedCount: a.rejectedCount + b.rejectedCount,
  warningCount: a.warningCount + b.warningCount,
});

/**
 * Previews a workbook's sheets in dependency order with one set of lookups, so that a sheet finds
 * the partners an earlier sheet would create; the workbook keeps the totals.
 */
export async function previewWorkbook(db: Db, workbookId: number): Promise<void> {
  const found = await repo.findWorkbook(db, workbookId);
  if (!found) throw new NotFoundError('import');
  const lookups = await prepareLookups(db);
  let totals = NO_COUNTS;
  for (const sheet of inImportOrder(found.sheets)) {
    const { storedFile } = sheet;
    if (storedFile === null) continue;
    const run = { mode: 'preview', db } as const;
    const rows = await importRows(db, { ...sheet, storedFile });
    const values = await valueResolver(db, sheet.valueMapping);
    const outcome = await processRows(run, sheet.type, sheet.headers, sheet.mapping, rows, values, lookups);
    await repo.saveOutcome(db, sheet.id, outcome.counts, outcome.issues, sheet.mapping);
    await repo.saveUnrecognized(db, sheet.id, outcome.unrecognized);
    totals = addCounts(totals, outcome.counts);
  }
  await repo.saveWorkbookPlan(db, workbookId, found.workbook.mapping, totals);
}

/** How a new import's columns are first mapped: as remembered for the same headers, else by the known headers. */
export async function initialMapping(
  db: Db,
  type: ImportType,
  headers: string[],
): Promise<{ mapping: Mapping; needsMapping: boolean }> {
  // The column a rejected-rows download added is ignored: the file maps as its original did.
  const own = ownHeaders(headers);
  const remembered = await repo.rememberedMapping(db, type, headerSignature(own));
  const matched = matchHeaders(type, own, fieldLabels);
  const mapping = [
    ...(remembered && remembered.length === own.length ? remembered : matched.mapping),
    ...headers.slice(own.length).map(() => null),
  ];
  // Unrecognized columns go to the mapping step; a missing column is for the rows to decide (an
  // update-only file need not carry every column a new record requires).
  return { mapping, needsMapping: !remembered && matched.unrecognized.length > 0 };
}

/** Runs a step on a received file that is not kept yet; if the step fails, the file is removed. */
export async function removedOnFailure<T>(path: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}

/**
 * Reads an uploaded file's header, maps its columns (a remembered mapping for the same headers
 * first, then the known headers) and, when every column is accounted for, previews it. The file is
 * kept for the commit; an unreadable one is deleted and refused.
 */
export async function startImport(
  db: Db,
  actor: Actor,
  role: Role,
  type: ImportType,
  file: UploadedFile,
  sheet: string | null,
): Promise<{ id: number; needsMapping: boolean }> {
  checkAllowed(role, type);
  await discardStalePreviews(db);
  const { format, source } = await removedOnFailure(file.path, async () => {
    const detected = await detectFormat(file.path, file.originalName);
    return { format: detected, source: await openSource(file.path, detected, sheet) };
  });
  const headers = source.headers;
  const { mapping, needsMapping } = await initialMapping(db, type, headers);
  await removedOnFailure(file.path, async () => {
    // A text file is read to its end before anything is kept, so that a broken quote on the last
    // line is refused now, with its line. A file that previews at once is read to its end by the
    // preview itself (one pass instead of two); a failure there removes what was kept, below.
    if (format === 'csv' && needsMapping) await readToEnd(source.rows);
    else await source.rows.return(undefined);
  });
  const upload = await uploadContent(file.path);
  // The file is kept in the database with its import row, so that any instance can read it again.
  const id = await db.transaction().execute(async (trx) => {
    await keepUpload(trx, upload);
    return repo.insertImport(trx, {
      type,
      fileName: file.originalName.slice(0, 300),
      format,
      sheet: source.sheet,
      encoding: source.encoding,
      delimiter: source.delimiter,
      headers,
      mapping,
      storedFile: upload.name,
      userId: actor.userId,
      actorLabel: actor.label,
    });
  });
  if (!needsMapping) {
    try {
      await runPreview(
        db,
        {
          id,
          type,
          format,
          sheet: source.sheet,
          storedFile: file.path,
          workbookId: null,
          valueMapping: {},
          cellEdits: {},
        },
        headers,
        mapping,
      );
    } catch (error) {
      // A file the preview could not read to its end is refused as if it had never been kept.
      if (error instanceof UnreadableFileError) {
        await db.transaction().execute(async (trx) => {
          await repo.deleteImport(trx, id);
          await repo.forgetFiles(trx, [upload.name]);
        });
        await rm(file.path, { force: true });
      }
      throw error;
    }
  }
  return { id, needsMapping };
}

/** An import of a type the role may not import is not theirs to see: it answers as missing. */
const visibleTo = (role: Role, imp: Import | undefined): imp is Import =>
  imp !== undefined && can(role, IMPORT_ACTIONS[imp.type]);

/** A preview the role may read, with its kept file at a path this instance reads. */
async function openPreview(db: Db, role: Role, id: number): Promise<KeptImport> {
  const imp = await getImport(db, role, id);
  const { storedFile } = imp;
  if (imp.status !== 'preview' || !storedFile)
    throw new ConflictError('stale_version', [{ path: 'import', message: `imports.error.status.${imp.status}` }]);
  return { ...imp, storedFile: await localCopy(db, storedFile) };
}

/** Saves the user's column assignment, remembers it for files with the same headers, previews again. */
export async function applyMapping(db: Db, role: Role, id: number, mapping: Mapping): Promise<void> {
  const imp = await openPreview(db, role, id);
  const known = new Set(FIELDS[imp.type].map((f) => f.name));
  const clean = imp.headers.map((_h, i) => {
    const field = mapping[i] ?? null;
    return field !== null && known.has(field) ? field : null;
  });
  const taken = new Set<string>();
  const issues = imp.headers.flatMap((header, i) => {
    const field = clean[i] ?? null;
    if (field === null) return [];
    if (taken.has(field))
      return [{ path: `column${i}`, message: 'imports.error.fieldTwice', params: { column: header } }];
    taken.add(field);
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const own = ownHeaders(imp.headers);
  await repo.rememberMapping(db, imp.type, headerSignature(own), clean.slice(0, own.length));
  await runPreview(db, imp, imp.headers, clean);
}

/** For each column a mapping leaves unassigned, the field its header most resembles, if any. */
export const columnSuggestions = (type: ImportType, headers: string[], mapping: Mapping) =>
  suggestFields(type, headers, mapping, fieldLabels);

/**
 * Whether the mapping page may preselect its suggestions: only while no mapping has been saved for
 * these headers, so that a column the user chose to ignore is not offered again as chosen.
 */
export async function suggestionsPreselected(db: Db, imp: Import): Promise<boolean> {
  return (await repo.rememberedMapping(db, imp.type, headerSignature(imp.headers))) === undefined;
}

/** Previews again with the mapping as it stands (the API's answer when columns went unrecognized). */
export async function refreshPreview(db: Db, role: Role, id: number): Promise<void> {
  const imp = await openPreview(db, role, id);
  await runPreview(db, imp, imp.headers, imp.mapping);
}

/**
 * Applies the whole file in one transaction: every row, the rescoring of the partners it touched
 * and one audit record — or, when any row is rejected, nothing at all.
 */
export async function commitImport(db: Db, actor: Actor, role: Role, id: number): Promise<Import> {
  const imp = await openPreview(db, role, id);
  if (imp.workbookId !== null)
    throw new ConflictError('stale_version', [{ path: 'import', message: 'imports.error.sheetOfWorkbook' }]);
  try {
    await db.transaction().execute(async (trx) => {
      const outcome = await commitRows(trx, imp);
      await afterCommit(trx, outcome.touchedPartnerIds, [imp.type]);
      await repo.forgetFiles(trx, [keptName(imp.storedFile)]);
      const { counts } = outcome;
      await recordAudit(trx, actor, {
        action: 'commit',
        entity: 'import',
        entityId: imp.id,
        details: {
          type: imp.type,
          fileName: imp.fileName,
          rows: counts.totalRows,
          created: counts.createdCount,
          updated: counts.updatedCount,
          unchanged: counts.unchangedCount,
          warnings: counts.warningCount,
        },
      });
    });
  } catch (error) {
    if (error instanceof RejectedRowsError)
      await repo.saveOutcome(db, imp.id, error.outcome.counts, error.outcome.issues, imp.mapping);
    throw error;
  }
  await removeLocalCopy(imp.storedFile);
  return getImport(db, role, imp.id);
}

/** A file's headers without the problems column a rejected-rows download added. */
const ownHeaders = (headers: string[]) => headers.slice(0, problemsColumn(headers) ?? headers.length);

/**
 * Every rejected row of a preview, with its issues, found by running the preview pass again over
 * the kept file (the preview lists only the first ones): what a rejected-rows download writes.
 */
export async function rejectedRows(
  db: Db,
  role: Role,
  id: number,
): Promise<{ file: KeptFile; issues: Map<number, RowIssue[]> }> {
  const imp = await openPreview(db, role, id);
  const issues = new Map<number, RowIssue[]>();
  const onReject = (rowIssues: RowIssue[]) => {
    const row = rowIssues[0]?.row;
    if (row !== undefined) issues.set(row, [...(issues.get(row) ?? []), ...rowIssues]);
  };
  const values = await valueResolver(db, imp.valueMapping);
  await processRows(
    { mode: 'preview', db, onReject },
    imp.type,
    imp.headers,
    imp.mapping,
    await importRows(db, imp),
    values,
  );
  if (issues.size === 0) throw new NotFoundError('rejected rows');
  return { file: imp, issues };
}

/** Refuses a commit whose import another request has committed (or let expire) meanwhile. */
export async function claimForCommit(trx: Trx, id: number): Promise<void> {
  if (!(await repo.claimPreview(trx, id)))
    throw new ConflictError('stale_version', [{ path: 'import', message: 'imports.error.status.committed' }]);
}

/** Writes a kept import's rows in the commit's transaction and marks it committed; a rejected row undoes everything. */
export async function commitRows(trx: Trx, imp: KeptImport, lookups?: Lookups): Promise<Outcome> {
  await claimForCommit(trx, imp.id);
  const run = { mode: 'commit', trx, importId: imp.id } as const;
  const values = await valueResolver(trx, imp.valueMapping);
  const rows = await importRows(trx, imp);
  const outcome = await processRows(run, imp.type, imp.headers, imp.mapping, rows, values, lookups);
  if (outcome.counts.rejectedCount > 0) throw new RejectedRowsError(outcome);
  await repo.markCommitted(trx, imp.id, outcome.counts, outcome.issues);
  return outcome;
}

/** Once per commit: rescores the partners it touched and marks what changed for the pages that cache it. */
export async function afterCommit(trx: Trx, touchedPartnerIds: Set<number>, types: ImportType[]): Promise<void> {
  const touched = [...touchedPartnerIds];
  for (let start = 0; start < touched.length; start += RESCORE_BATCH)
    await rescorePartners(trx, touched.slice(start, start + RESCORE_BATCH));
  if (types.includes('events')) await bumpRevision(trx, EVENTS_REVISION);
  if (types.includes('agreements')) await bumpRevision(trx, PORTFOLIO_REVISION);
}

export async function getImport(db: Db, role: Role, id: number): Promise<Import> {
  const imp = await repo.findImport(db, id);
  if (!visibleTo(role, imp)) throw new NotFoundError('import');
  return imp;
}

/** One answer of the value mapping step: what a value of a column means (a code), or null to reject it. */
export interface ValueAnswer {
  field: string;
  value: string;
  code: string | null;
}

/**
 * Saves the user's answers for values the import did not read exactly, remembers the confirmed ones
 * for later files (per column and list) and previews again. A code the list does not hold, or a
 * column that takes no list, is refused with the value named.
 */
export async function applyValueMapping(
  db: Db,
  actor: Actor,
  role: Role,
  id: number,
  answers: ValueAnswer[],
): Promise<void> {
  const imp = await openPreview(db, role, id);
  const lists = await prepareValueLists(db);
  const mapping: ValueMapping = Object.fromEntries(
    Object.entries(imp.valueMapping).map(([field, values]) => [field, { ...values }]),
  );
  const remember: { field: string; list: ValueListName; valueKey: string; value: string; code: string }[] = [];
  const issues = answers.flatMap((answer, i): FieldIssue[] => {
    const listName = FIELD_LISTS[imp.type][answer.field];
    const list = listName && listNamed(lists, listName);
    if (!listName || !list)
      return [{ path: `value${String(i)}`, message: 'imports.error.valueField', params: { field: answer.field } }];
    if (answer.code !== null && !list.entry(answer.code))
      return [
        {
          path: `value${String(i)}`,
          message: 'imports.error.valueCode',
          params: { value: answer.value, code: answer.code },
        },
      ];
    const key = valueKey(answer.value);
    (mapping[answer.field] ??= {})[key] = answer.code;
    if (answer.code !== null)
      remember.push({
        field: answer.field,
        list: listName,
        valueKey: key,
        value: answer.value.slice(0, 300),
        code: answer.code,
      });
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  await repo.saveValueMapping(db, imp.id, mapping);
  await repo.rememberValues(db, remember, { userId: actor.userId, actorLabel: actor.label });
  await runPreview(db, { ...imp, valueMapping: mapping }, imp.headers, imp.mapping);
}

/** The options of each list the import's unrecognized values belong to, for the value mapping step. */
export async function valueChoices(
  db: Db,
  imp: Import,
): Promise<Partial<Record<ValueListName, { code: string; labelEs: string; labelEn: string }[]>>> {
  const lists = await prepareValueLists(db);
  const choices: Partial<Record<ValueListName, { code: string; labelEs: string; labelEn: string }[]>> = {};
  for (const { list: name } of imp.unrecognized) {
    const list = listNamed(lists, name);
    if (list && !choices[name])
      choices[name] = list.entries.map(({ code, labelEs, labelEn }) => ({ code, labelEs, labelEn }));
  }
  return choices;
}

/** The longest text a corrected cell may hold. */
const MAX_CELL_TEXT = 2000;

/**
 * Lays corrected cells over the kept file and previews again. Only cells the preview rejected can
 * be corrected (their row and column are known); a correction holding control characters or
 * longer than a cell may be is refused.
 */
export async function applyCellEdits(db: Db, role: Role, id: number, edits: CellEdit[]): Promise<void> {
  const imp = await openPreview(db, role, id);
  const editable = new Set(
    imp.issues.rejections.flatMap((issue) =>
      issue.cell === undefined ? [] : [`${String(issue.row)}:${String(issue.cell)}`],
    ),
  );
  const issues = edits.flatMap((edit): FieldIssue[] => {
    const path = `cell-${String(edit.row)}-${String(edit.cell)}`;
    if (
      !editable.has(`${String(edit.row)}:${String(edit.cell)}`) &&
      imp.cellEdits[String(edit.row)]?.[String(edit.cell)] === undefined
    )
      return [{ path, message: 'imports.error.cellNotEditable', params: { row: edit.row } }];
    if (hasControlCharacters(edit.value))
      return [{ path, message: 'imports.error.cellControl', params: { row: edit.row } }];
    if (edit.value.length > MAX_CELL_TEXT)
      return [{ path, message: 'imports.error.cellTooLong', params: { row: edit.row, max: MAX_CELL_TEXT } }];
    return [];
  });
  if (issues.length > 0) throw new ValidationError(issues);
  const cellEdits: CellEdits = mergeEdits(imp.cellEdits, edits);
  await repo.saveCellEdits(db, imp.id, cellEdits);
  await runPreview(db, { ...imp, cellEdits }, imp.headers, imp.mapping);
}

/** How many rejected cells the preview offers for correction in place (a form holds that many fields at most). */
export const EDITABLE_CELLS = 200;

/** The rejected cells a preview can correct in place, with their text as it stands now. */
export function editableCells(imp: Import): { row: number; cell: number; value: string }[] {
  const seen = new Set<string>();
  const cells: { row: number; cell: number; value: string }[] = [];
  for (const issue of imp.issues.rejections) {
    if (issue.cell === undefined || cells.length >= EDITABLE_CELLS) continue;
    const id = `${String(issue.row)}:${String(issue.cell)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const edited = imp.cellEdits[String(issue.row)]?.[String(issue.cell)];
    cells.push({ row: issue.row, cell: issue.cell, value: edited ?? issue.value ?? '' });
  }
  return cells;
}

/** The value mappings remembered for later files (admins review and delete them). */
export const listRememberedValues = repo.listRememberedValues;

/** The label, in both languages, of the value each remembered mapping points to. */
export async function rememberedLabels(
  db: Db,
  values: { id: number; list: string; code: string }[],
): Promise<Record<number, { es: string; en: string }>> {
  const lists = await prepareValueLists(db);
  const labels: Record<number, { es: string; en: string }> = {};
  for (const value of values) {
    const entry = isValueListName(value.list) ? listNamed(lists, value.list)?.entry(value.code) : undefined;
    labels[value.id] = entry ? { es: entry.labelEs, en: entry.labelEn } : { es: value.code, en: value.code };
  }
  return labels;
}

/** Forgets a remembered value mapping; the next file asks again. Audited. */
export async function forgetRememberedValue(db: Db, actor: Actor, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const found = await repo.findRememberedValue(trx, id);
    if (!found) throw new NotFoundError('valueMapping');
    await repo.deleteRememberedValue(trx, id);
    await recordAudit(trx, actor, {
      action: 'delete',
      entity: 'import_value_mapping',
      entityId: id,
      details: { field: found.field, list: found.list, value: found.value, code: found.code },
    });
  });
}

/** The first rows of a kept file, to show beside each column while mapping. */
export async function sampleRows(db: Db, imp: Import, count: number): Promise<string[][]> {
  if (imp.storedFile === null) return [];
  const source = await openSource(await localCopy(db, imp.storedFile), imp.format, imp.sheet);
  const samples: string[][] = [];
  for await (const row of source.rows) {
    if (row.cells.every((cell) => cell === null || String(cell).trim() === '')) continue;
    samples.push(imp.headers.map((_h, i) => cellText(row.cells[i] ?? null)));
    if (samples.length >= count) break;
  }
  return samples;
}

export async function discardUpload(path: string): Promise<void> {
  await rm(path, { force: true });
}

export const listImports = repo.listImports;
export const listImportedRecords = repo.listImportedRecords;
