// Data functions for imports and for the lookups an import prepares in bulk. Each takes `db` or a
// transaction's `trx` first; none opens a transaction.
import type { Executor, Trx } from '../database/executor.js';
import type { ImportRow } from '../database/schema.js';
import { responseHoursBetween } from '../evidence/repository.js';
import { withLinks as agreementsWithLinks } from '../portfolio/repository.js';
import type { CellEdits } from './cell-edits.js';
import { type ImportKind, type ImportType, type Mapping, WORKBOOK } from './fields.js';
import {
  IMPORT_ENTITIES,
  type Import,
  type ImportCounts,
  type ImportEntity,
  type ImportIssues,
  type ImportStatus,
  type RecordAction,
  emptyIssues,
  issuesFromJson,
} from './import-record.js';
import type { RememberedValues, UnrecognizedValue, ValueMapping } from './values/value-mapping.js';
import { rememberKey } from './values/value-mapping.js';

function toImport(row: ImportRow): Import {
  return {
    ...row,
    type: row.type as ImportType,
    format: row.format as 'csv' | 'xlsx',
    status: row.status as ImportStatus,
    headers: JSON.parse(row.headers) as string[],
    mapping: JSON.parse(row.mapping) as Mapping,
    issues: issuesFromJson(row.issues),
    valueMapping: JSON.parse(row.valueMapping) as ValueMapping,
    unrecognized: JSON.parse(row.unrecognized) as UnrecognizedValue[],
    cellEdits: JSON.parse(row.cellEdits) as CellEdits,
  };
}

export const NO_ISSUES: ImportIssues = emptyIssues();

export async function insertImport(
  db: Executor,
  values: Pick<
    WorkbookRecord,
    | 'fileName'
    | 'format'
    | 'sheet'
    | 'encoding'
    | 'delimiter'
    | 'headers'
    | 'mapping'
    | 'storedFile'
    | 'userId'
    | 'actorLabel'
  > & { type: ImportKind } & Partial<Pick<Import, 'workbookId'>>,
): Promise<number> {
  const { id } = await db
    .insertInto('imports')
    .values({
      ...values,
      headers: JSON.stringify(values.headers),
      mapping: JSON.stringify(values.mapping),
      status: 'preview',
      issues: JSON.stringify(NO_ISSUES),
      createdAt: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** An import of one record type (a whole workbook is not: see findWorkbook). */
export async function findImport(db: Executor, id: number): Promise<Import | undefined> {
  const row = await db
    .selectFrom('imports')
    .selectAll()
    .where('id', '=', id)
    .where('type', '!=', WORKBOOK)
    .executeTakeFirst();
  return row ? toImport(row) : undefined;
}

/** A workbook as stored: its headers are its sheet names, its mapping each sheet's record type (null: ignored). */
export type WorkbookRecord = Omit<Import, 'type'>;

export async function findWorkbook(
  db: Executor,
  id: number,
): Promise<{ workbook: WorkbookRecord; sheets: Import[] } | undefined> {
  const rows = await db
    .selectFrom('imports')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('id', '=', id), eb('type', '=', WORKBOOK)]), eb('workbookId', '=', id)]))
    .orderBy('id')
    .execute();
  const [first, ...sheets] = rows;
  if (first?.type !== WORKBOOK) return undefined;
  return { workbook: toImport(first), sheets: sheets.map(toImport) };
}

/** The workbook an import belongs to, or the import itself when it is a workbook; undefined otherwise. */
export async function workbookOf(db: Executor, id: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('imports')
    .select(['id', 'type', 'workbookId'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  return row.type === WORKBOOK ? row.id : (row.workbookId ?? undefined);
}

/** Keeps an uploaded file's bytes under its name (see kept-files.ts). */
export async function keepFile(db: Executor, name: string, content: Buffer, createdAt: string): Promise<void> {
  await db.insertInto('importFiles').values({ name, content, size: content.length, createdAt }).execute();
}

export async function keptFileContent(db: Executor, name: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('importFiles').select('content').where('name', '=', name).executeTakeFirst();
  return row?.content;
}

/** Deletes kept files from the database (a commit, an expiry, a refusal). */
export async function forgetFiles(db: Executor, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await db.deleteFrom('importFiles').where('name', 'in', names).execute();
}

/** Removes an import whose file turned out unreadable before anything else referred to it. */
export async function deleteImport(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('imports').where('id', '=', id).where('status', '=', 'preview').execute();
}

export async function deleteSheetImports(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('imports').where('id', 'in', ids).where('status', '=', 'preview').execute();
}

/** A workbook's plan (sheet types) and totals, after its sheets were previewed. */
export async function saveWorkbookPlan(db: Executor, id: number, types: Mapping, counts: ImportCounts): Promise<void> {
  await db
    .updateTable('imports')
    .set({ ...counts, mapping: JSON.stringify(types) })
    .where('id', '=', id)
    .execute();
}

export async function saveMapping(db: Executor, id: number, mapping: Mapping): Promise<void> {
  await db
    .updateTable('imports')
    .set({ mapping: JSON.stringify(mapping) })
    .where('id', '=', id)
    .execute();
}

export async function saveOutcome(
  db: Executor,
  id: number,
  counts: ImportCounts,
  issues: ImportIssues,
  mapping: Mapping,
): Promise<void> {
  await db
    .updateTable('imports')
    .set({ ...counts, issues: JSON.stringify(issues), mapping: JSON.stringify(mapping) })
    .where('id', '=', id)
    .execute();
}

/**
 * Claims a preview for the caller's commit transaction: true when it was still a preview. The row
 * stays locked until the transaction ends (PostgreSQL), so a second commit of the same import, from
 * this instance or another, waits and then finds it no longer a preview.
 */
export async function claimPreview(trx: Trx, id: number): Promise<boolean> {
  const result = await trx
    .updateTable('imports')
    .set({ status: 'preview' })
    .where('id', '=', id)
    .where('status', '=', 'preview')
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function markCommitted(trx: Trx, id: number, counts: ImportCounts, issues: ImportIssues): Promise<void> {
  await trx
    .updateTable('imports')
    .set({
      ...counts,
      issues: JSON.stringify(issues),
      status: 'committed',
      storedFile: null,
      committedAt: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

export async function listImports(
  db: Executor,
  types: ImportType[],
  page: number,
  pageSize: number,
): Promise<{ data: (WorkbookRecord & { type: ImportKind })[]; total: number }> {
  if (types.length === 0) return { data: [], total: 0 };
  // A workbook's sheets are listed with it, not apart; a workbook is listed to whoever may import all its sheets.
  const base = db
    .selectFrom('imports')
    .where('workbookId', 'is', null)
    .where((eb) =>
      eb.or([
        eb('type', 'in', types),
        eb.and([
          eb('type', '=', WORKBOOK),
          eb.not(
            eb.exists(
              eb
                .selectFrom('imports as sheet')
                .select('sheet.id')
                .whereRef('sheet.workbookId', '=', 'imports.id')
                .where('sheet.type', 'not in', types),
            ),
          ),
        ]),
      ]),
    );
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('createdAt', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { data: rows.map((row) => ({ ...toImport(row), type: row.type as ImportKind })), total: Number(count.n) };
}

/** Previews older than `before` whose files are still kept: they expire. */
export async function stalePreviews(
  db: Executor,
  before: string,
): Promise<{ id: number; storedFile: string | null }[]> {
  return db
    .selectFrom('imports')
    .select(['id', 'storedFile'])
    .where('status', '=', 'preview')
    .where('createdAt', '<', before)
    .execute();
}

export async function markExpired(db: Executor, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  // A workbook's sheets share its file: they expire with it.
  await db
    .updateTable('imports')
    .set({ status: 'expired', storedFile: null })
    .where((eb) => eb.or([eb('id', 'in', ids), eb('workbookId', 'in', ids)]))
    .where('status', '=', 'preview')
    .execute();
}

export async function rememberMapping(
  db: Executor,
  type: ImportType,
  signature: string,
  mapping: Mapping,
): Promise<void> {
  const values = { type, signature, mapping: JSON.stringify(mapping), updatedAt: new Date().toISOString() };
  await db
    .insertInto('importMappings')
    .values(values)
    .onConflict((oc) =>
      oc.columns(['type', 'signature']).doUpdateSet({ mapping: values.mapping, updatedAt: values.updatedAt }),
    )
    .execute();
}

export async function rememberedMapping(
  db: Executor,
  type: ImportType,
  signature: string,
): Promise<Mapping | undefined> {
  const row = await db
    .selectFrom('importMappings')
    .select('mapping')
    .where('type', '=', type)
    .where('signature', '=', signature)
    .executeTakeFirst();
  return row ? (JSON.parse(row.mapping) as Mapping) : undefined;
}

export async function insertRecords(
  trx: Trx,
  importId: number,
  entity: ImportEntity,
  action: RecordAction,
  ids: number[],
): Promise<void> {
  const BATCH = 2000;
  for (let start = 0; start < ids.length; start += BATCH) {
    await trx
      .insertInto('importRecords')
      .values(ids.slice(start, start + BATCH).map((entityId) => ({ importId, entity, entityId, action })))
      .execute();
  }
}

export interface ImportedRecord {
  entity: ImportEntity;
  entityId: number;
  action: RecordAction;
  label: string;
  partnerId: number | null;
}

interface RecordLabel {
  id: number;
  label: string;
  partnerId: number | null;
}

/** How each kind of record is named in an import's list: by its partner, date, period or code. */
const LABELS: Record<ImportEntity, (db: Executor, ids: number[]) => Promise<RecordLabel[]>> = {
  partner: async (db, ids) =>
    (await db.selectFrom('partners').select(['id', 'name']).where('id', 'in', ids).execute()).map((p) => ({
      id: p.id,
      label: p.name,
      partnerId: p.id,
    })),
  response_event: async (db, ids) =>
    (
      await db
        .selectFrom('responseEvents')
        .innerJoin('partners', 'partners.id', 'responseEvents.partnerId')
        .select(['responseEvents.id', 'responseEvents.partnerId', 'responseEvents.requestedAt', 'partners.name'])
        .where('responseEvents.id', 'in', ids)
        .execute()
    ).map((e) => ({ id: e.id, label: `${e.name} · ${e.requestedAt}`, partnerId: e.partnerId })),
  review: async (db, ids) =>
    (
      await db
        .selectFrom('performanceReviews')
        .innerJoin('partners', 'partners.id', 'performanceReviews.partnerId')
        .select([
          'performanceReviews.id',
          'performanceReviews.partnerId',
          'performanceReviews.periodStart',
          'performanceReviews.periodEnd',
          'partners.name',
        ])
        .where('performanceReviews.id', 'in', ids)
        .execute()
    ).map((r) => ({ id: r.id, label: `${r.name} · ${r.periodStart} – ${r.periodEnd}`, partnerId: r.partnerId })),
  agreement: async (db, ids) =>
    (
      await db.selectFrom('agreements').select(['id', 'code', 'title', 'partnerId']).where('id', 'in', ids).execute()
    ).map((a) => ({ id: a.id, label: `${a.code} · ${a.title}`, partnerId: a.partnerId })),
};

/** A page of the records a committed import created (or updated), with a label to link each by. */
export async function listImportedRecords(
  db: Executor,
  importId: number,
  action: RecordAction,
  page: number,
  pageSize: number,
): Promise<{ data: ImportedRecord[]; total: number }> {
  const base = db.selectFrom('importRecords').where('importId', '=', importId).where('action', '=', action);
  const [rows, count] = await Promise.all([
    base
      .select(['entity', 'entityId', 'action'])
      .orderBy('entityId')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const labels = new Map<string, RecordLabel>();
  for (const entity of IMPORT_ENTITIES) {
    const ids = rows.filter((r) => r.entity === entity).map((r) => r.entityId);
    if (ids.length > 0) for (const found of await LABELS[entity](db, ids)) labels.set(`${entity}:${found.id}`, found);
  }
  return {
    data: rows.map((r) => {
      const known = labels.get(`${r.entity}:${r.entityId}`);
      return {
        entity: r.entity as ImportEntity,
        entityId: r.entityId,
        action: r.action as RecordAction,
        label: known?.label ?? `#${r.entityId}`,
        partnerId: known?.partnerId ?? null,
      };
    }),
    total: Number(count.n),
  };
}

export async function eventsByKeys(db: Executor, keys: string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('responseEvents')
    .select([
      'id',
      'partnerId',
      'importKey',
      'territoryId',
      'assistanceTypeId',
      'requestedAt',
      'firstAssistanceAt',
      'peopleAssisted',
      'notes',
    ])
    .where('importKey', 'in', keys)
    .execute();
}

export async function reviewsByKeys(db: Executor, keys: string[]) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('performanceReviews')
    .select(['id', 'partnerId', 'importKey', 'periodStart', 'periodEnd', 'rating', 'notes'])
    .where('importKey', 'in', keys)
    .execute();
}

export async function agreementsByCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return [];
  return agreementsWithLinks(db, await db.selectFrom('agreements').selectAll().where('code', 'in', codes).execute());
}

const EVENT_BATCH = 500;

export async function insertEvents(trx: Trx, events: (ImportedEvent & { importKey: string })[]): Promise<number[]> {
  const ids: number[] = [];
  const now = new Date().toISOString();
  for (let start = 0; start < events.length; start += EVENT_BATCH) {
    const rows = await trx
      .insertInto('responseEvents')
      .values(
        events.slice(start, start + EVENT_BATCH).map((e) => ({
          ...e,
          responseHours: responseHoursBetween(e.requestedAt, e.firstAssistanceAt),
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function insertReviews(trx: Trx, reviews: (ImportedReview & { importKey: string })[]): Promise<number[]> {
  const ids: number[] = [];
  const now = new Date().toISOString();
  for (let start = 0; start < reviews.length; start += EVENT_BATCH) {
    const rows = await trx
      .insertInto('performanceReviews')
      .values(reviews.slice(start, start + EVENT_BATCH).map((r) => ({ ...r, createdAt: now, updatedAt: now })))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/** The fields of a response event that an import row sets. */
export interface ImportedEvent {
  partnerId: number;
  territoryId: number;
  assistanceTypeId: number;
  requestedAt: string;
  firstAssistanceAt: string | null;
  peopleAssisted: number | null;
  notes: string | null;
}

export async function updateImportedEvent(trx: Trx, id: number, event: ImportedEvent): Promise<void> {
  await trx
    .updateTable('responseEvents')
    .set({
      ...event,
      responseHours: responseHoursBetween(event.requestedAt, event.firstAssistanceAt),
      updatedAt: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
}

/** The fields of a performance review that an import row sets. */
export interface ImportedReview {
  partnerId: number;
  periodStart: string;
  periodEnd: string;
  rating: number;
  notes: string | null;
}

export async function updateImportedReview(trx: Trx, id: number, review: ImportedReview): Promise<void> {
  await trx
    .updateTable('performanceReviews')
    .set({ ...review, updatedAt: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** The values a preview did not read exactly, kept for the value mapping step. */
export async function saveUnrecognized(db: Executor, id: number, values: UnrecognizedValue[]): Promise<void> {
  await db
    .updateTable('imports')
    .set({ unrecognized: JSON.stringify(values) })
    .where('id', '=', id)
    .execute();
}

export async function saveValueMapping(db: Executor, id: number, mapping: ValueMapping): Promise<void> {
  await db
    .updateTable('imports')
    .set({ valueMapping: JSON.stringify(mapping) })
    .where('id', '=', id)
    .execute();
}

export async function saveCellEdits(db: Executor, id: number, edits: CellEdits): Promise<void> {
  await db
    .updateTable('imports')
    .set({ cellEdits: JSON.stringify(edits) })
    .where('id', '=', id)
    .execute();
}

export interface RememberedValue {
  id: number;
  field: string;
  list: string;
  valueKey: string;
  value: string;
  code: string;
  actorLabel: string;
  updatedAt: string;
}

/** Keeps confirmed value mappings for later files; a value confirmed again takes the new answer. */
export async function rememberValues(
  db: Executor,
  values: { field: string; list: string; valueKey: string; value: string; code: string }[],
  by: { userId: number | null; actorLabel: string },
): Promise<void> {
  const updatedAt = new Date().toISOString();
  for (const value of values) {
    const row = { ...value, ...by, updatedAt };
    await db
      .insertInto('importValueMappings')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['field', 'list', 'valueKey'])
          .doUpdateSet({ value: row.value, code: row.code, userId: row.userId, actorLabel: row.actorLabel, updatedAt }),
      )
      .execute();
  }
}

export async function rememberedValues(db: Executor): Promise<RememberedValues> {
  const rows = await db.selectFrom('importValueMappings').select(['field', 'list', 'valueKey', 'code']).execute();
  return new Map(rows.map((r) => [rememberKey(r.field, r.list, r.valueKey), r.code]));
}

export async function listRememberedValues(
  db: Executor,
  page: number,
  pageSize: number,
): Promise<{ data: RememberedValue[]; total: number }> {
  const [data, count] = await Promise.all([
    db
      .selectFrom('importValueMappings')
      .select(['id', 'field', 'list', 'valueKey', 'value', 'code', 'actorLabel', 'updatedAt'])
      .orderBy('list')
      .orderBy('field')
      .orderBy('valueKey')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db
      .selectFrom('importValueMappings')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { data, total: Number(count.n) };
}

export async function findRememberedValue(db: Executor, id: number): Promise<RememberedValue | undefined> {
  return db
    .selectFrom('importValueMappings')
    .select(['id', 'field', 'list', 'valueKey', 'value', 'code', 'actorLabel', 'updatedAt'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteRememberedValue(db: Executor, id: number): Promise<void> {
  await db.deleteFrom('importValueMappings').where('id', '=', id).execute();
}
