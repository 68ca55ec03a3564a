// What every record type's handler shares: the run it belongs to, and the bookkeeping of rows.
import { createHash } from 'node:crypto';
import type { Executor, Trx } from '../../database/executor.js';
import type { Coverage } from '../../partners/service.js';
import type { ImportEntity, RecordAction, RowIssue } from '../import-record.js';
import { insertRecords } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import type { Tally } from '../tally.js';
import type { Lookups } from './lookups.js';

/** A commit writes inside the import's transaction and lists every record it created or updated. */
export interface ImportWriter {
  trx: Trx;
  importId: number;
}

export interface RecordContext {
  /** Where rows are matched: the database for a preview, the import's transaction for a commit. */
  db: Executor;
  /** Present only when committing: a preview writes nothing. */
  writer: ImportWriter | null;
  tally: Tally;
  lookups: Lookups;
  /** Partners whose records the commit changed, rescored once at the end. */
  touched: Set<number>;
}

/** One record type's rules, fed a chunk of rows at a time. */
export interface RecordHandler {
  chunk(readers: RowReader[]): Promise<void>;
}

/** Lists the records a commit created or updated, so the import's summary can link to them. */
export function listWritten(
  writer: ImportWriter,
  entity: ImportEntity,
  action: RecordAction,
  ids: number[],
): Promise<void> {
  return insertRecords(writer.trx, writer.importId, entity, action, ids);
}

/** Remembers the first row that named each record, so a second row naming it is refused. */
export class SeenRows {
  private readonly rows = new Map<string, number>();

  firstRow(key: string): number | undefined {
    return this.rows.get(key);
  }

  add(key: string, row: number): void {
    if (!this.rows.has(key)) this.rows.set(key, row);
  }
}

function derivedKey(...parts: (string | number)[]): string {
  return `h:${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 24)}`;
}

/**
 * An event's or review's key: the file's own (its importKey column), else one derived from what
 * identifies the record, so the same file imported twice creates nothing twice. Null, with an issue
 * on `keyField` when the file has no key column, when an earlier row of the file had the same key.
 */
export function claimRowKey(
  reader: RowReader,
  seen: SeenRows,
  partnerId: number,
  identity: (string | number)[],
  keyField: string,
): string | null {
  const ownKey = reader.has('importKey');
  const key = ownKey ? reader.text('importKey') : derivedKey(partnerId, ...identity);
  const first = seen.firstRow(`${partnerId}:${key}`);
  if (first !== undefined) {
    reader.issue(ownKey ? 'importKey' : keyField, 'imports.error.duplicateInFile', { row: first });
    return null;
  }
  seen.add(`${partnerId}:${key}`, reader.row);
  return key;
}

/** Where events or reviews are stored, and which of their fields an import row sets. */
export interface KeyedRecordStore<Row> {
  entity: 'response_event' | 'review';
  /** A row equal to the stored record in all of these is unchanged. */
  compared: readonly (keyof Row)[];
  update(trx: Trx, id: number, row: Row): Promise<void>;
  insert(trx: Trx, rows: (Row & { importKey: string })[]): Promise<number[]>;
}

/**
 * Counts each keyed row as created, unchanged or updated against the stored record with its
 * partner and key; a commit updates the changed ones and creates the new ones in batches.
 */
export async function saveKeyedRows<Row extends { partnerId: number }>(
  ctx: RecordContext,
  store: KeyedRecordStore<Row>,
  rows: { row: Row; key: string }[],
  stored: (Row & { id: number; importKey: string | null })[],
): Promise<void> {
  const byKey = new Map(stored.map((record) => [`${record.partnerId}:${record.importKey}`, record]));
  const creates: (Row & { importKey: string })[] = [];
  for (const { row, key } of rows) {
    const current = byKey.get(`${row.partnerId}:${key}`);
    if (!current) {
      ctx.tally.counts.createdCount++;
      creates.push({ ...row, importKey: key });
    } else if (store.compared.every((field) => current[field] === row[field])) {
      ctx.tally.counts.unchangedCount++;
    } else {
      ctx.tally.counts.updatedCount++;
      if (ctx.writer) {
        await store.update(ctx.writer.trx, current.id, row);
        await listWritten(ctx.writer, store.entity, 'updated', [current.id]);
        ctx.touched.add(row.partnerId);
      }
    }
  }
  if (ctx.writer && creates.length > 0) {
    const ids = await store.insert(ctx.writer.trx, creates);
    for (const created of creates) ctx.touched.add(created.partnerId);
    await listWritten(ctx.writer, store.entity, 'created', ids);
  }
}

// The column and the message of each warning, by the record type that carries the link.
const COVERAGE_WARNINGS = {
  event: {
    territory: { field: 'territory', message: 'warning.eventTerritory' },
    assistanceType: { field: 'assistanceType', message: 'warning.eventAssistanceType' },
  },
  agreement: {
    territory: { field: 'territories', message: 'warning.agreementTerritory' },
    assistanceType: { field: 'assistanceTypes', message: 'warning.agreementAssistanceType' },
  },
};

/** Warnings for a record outside the territories or assistance types its partner is registered for. */
export function coverageWarnings(
  reader: RowReader,
  kind: keyof typeof COVERAGE_WARNINGS,
  covered: Coverage | undefined,
  record: { territoryIds: number[]; assistanceTypeIds: number[] },
): RowIssue[] {
  if (!covered) return [];
  const { territory, assistanceType } = COVERAGE_WARNINGS[kind];
  const warnings: RowIssue[] = [];
  if (record.territoryIds.some((id) => !covered.territoryIds.has(id)))
    warnings.push(reader.warning(territory.field, territory.message));
  if (record.assistanceTypeIds.some((id) => !covered.assistanceTypeIds.has(id)))
    warnings.push(reader.warning(assistanceType.field, assistanceType.message));
  return warnings;
}

export const now = () => new Date().toISOString();
