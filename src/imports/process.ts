// Runs a file's rows through one record type's rules, a chunk at a time: reads each row's cells,
// matches it to what is stored (lookups prepared up front, one query per chunk), validates it with
// the same zod schemas as the forms and the API, and counts what would be created, updated, left
// unchanged or rejected. A commit writes in the same pass, inside the import's transaction.
import type { Executor, Trx } from '../database/executor.js';
import { isBlank } from './cells.js';
import type { ImportType, Mapping } from './fields.js';
import { agreementRecords } from './records/agreements.js';
import { eventRecords } from './records/events.js';
import { type Lookups, prepareLookups } from './records/lookups.js';
import { partnerRecords } from './records/partners.js';
import type { RecordContext, RecordHandler } from './records/record-handler.js';
import { reviewRecords } from './records/reviews.js';
import type { ImportCounts, ImportIssues } from './import-record.js';
import { RowReader } from './row-reader.js';
import type { SheetRow } from './source.js';
import { type RejectionListener, Tally } from './tally.js';
import { type UnrecognizedValue, ValueResolver } from './values/value-mapping.js';

const CHUNK = 500;

/**
 * A preview reads and counts (and, for a rejected-rows download, hands over every rejected row);
 * a commit also writes, in the import's transaction.
 */
export type ImportRun =
  { mode: 'preview'; db: Executor; onReject?: RejectionListener } | { mode: 'commit'; trx: Trx; importId: number };

export interface Outcome {
  counts: ImportCounts;
  issues: ImportIssues;
  touchedPartnerIds: Set<number>;
  /** The list values not read exactly, for the value mapping step. */
  unrecognized: UnrecognizedValue[];
}

const HANDLERS: Record<ImportType, (ctx: RecordContext) => RecordHandler> = {
  partners: partnerRecords,
  events: eventRecords,
  reviews: reviewRecords,
  agreements: agreementRecords,
};

/** Reads every row of a source through the type's rules; writes only when committing. */
export async function processRows(
  run: ImportRun,
  type: ImportType,
  headers: string[],
  mapping: Mapping,
  rows: AsyncIterable<SheetRow>,
  values: ValueResolver = new ValueResolver(),
  /** Shared by the sheets of a workbook, so a sheet finds the partners an earlier one creates. */
  shared?: Lookups,
): Promise<Outcome> {
  const columns = new Map<string, number>();
  mapping.forEach((field, i) => {
    if (field !== null && !columns.has(field)) columns.set(field, i);
  });
  const db = run.mode === 'commit' ? run.trx : run.db;
  const ctx: RecordContext = {
    db,
    writer: run.mode === 'commit' ? { trx: run.trx, importId: run.importId } : null,
    tally: new Tally(run.mode === 'preview' ? run.onReject : undefined),
    lookups: shared ?? (await prepareLookups(db)),
    touched: new Set(),
  };
  const handler = HANDLERS[type](ctx);
  let batch: RowReader[] = [];
  for await (const row of rows) {
    // Blank rows (and the blank tail Excel leaves) are not records.
    if (row.cells.every((cell, i) => isBlank(cell) || mapping[i] === null || mapping[i] === undefined)) continue;
    ctx.tally.counts.totalRows++;
    batch.push(new RowReader(row.rowNumber, row.cells, columns, headers, values));
    if (batch.length >= CHUNK) {
      await handler.chunk(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await handler.chunk(batch);
  return {
    counts: ctx.tally.counts,
    issues: ctx.tally.issues,
    touchedPartnerIds: ctx.touched,
    unrecognized: values.unrecognized(),
  };
}
