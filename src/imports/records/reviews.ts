// Performance review rows: matched to what is stored by the file's row key, or by a key derived from
// the partner and the period. Validated with the form's and the API's schema.
import { type ReviewInput, reviewSchema } from '../../evidence/schemas.js';
import { type ImportedReview, insertReviews, reviewsByKeys, updateImportedReview } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import { ChangeList, type ShownField, keyedChanges } from './changes.js';
import type { Lookups } from './lookups.js';
import {
  type KeyedRecordStore,
  type RecordContext,
  type RecordHandler,
  SeenRows,
  claimRowKey,
  saveKeyedRows,
} from './record-handler.js';

/** The fields an update is compared on, and how the preview shows what it changes. */
const SHOWN: (ShownField & { stored: keyof ImportedReview })[] = [
  { stored: 'periodStart', field: 'periodStart', kind: 'day' },
  { stored: 'periodEnd', field: 'periodEnd', kind: 'day' },
  { stored: 'rating', field: 'rating', kind: 'number' },
  { stored: 'notes', field: 'notes', kind: 'text' },
];

const STORE: KeyedRecordStore<ImportedReview> = {
  entity: 'review',
  compared: SHOWN.map((shown) => shown.stored),
  update: updateImportedReview,
  insert: insertReviews,
};

interface PlannedReview {
  reader: RowReader;
  partnerId: number;
  key: string;
  values: ReviewInput;
}

/**
 * Reads and validates a row; null (the row rejected) when it has issues or repeats an earlier row.
 * Every faulty cell is named at once (a date that could not be read only once), like partner rows.
 */
function planReview(reader: RowReader, lookups: Lookups, seen: SeenRows): PlannedReview | null {
  const partnerId = lookups.partners.referenced(reader);
  const input = {
    periodStart: reader.date('periodStart'),
    periodEnd: reader.date('periodEnd'),
    rating: reader.numberOrOption('rating', lookups.ratings),
    notes: reader.text('notes'),
  };
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) reader.schemaIssues(parsed.error, {}, () => true);
  if (partnerId === undefined || !parsed.success || reader.issues.length > 0) return null;
  const values = parsed.data;
  const key = claimRowKey(reader, seen, partnerId, [values.periodStart, values.periodEnd], 'periodStart');
  return key === null ? null : { reader, partnerId, key, values };
}

export function reviewRecords(ctx: RecordContext): RecordHandler {
  const seen = new SeenRows();
  const changes = new ChangeList(ctx.db, ctx.tally);
  return {
    async chunk(readers) {
      const planned: PlannedReview[] = [];
      for (const reader of readers) {
        const review = planReview(reader, ctx.lookups, seen);
        if (review) planned.push(review);
        else ctx.tally.reject(reader.issues);
      }
      const stored = await reviewsByKeys(ctx.db, [...new Set(planned.map((p) => p.key))]);
      const rows = planned.map(({ reader, partnerId, key, values }) => ({
        row: {
          partnerId,
          periodStart: values.periodStart,
          periodEnd: values.periodEnd,
          rating: values.rating,
          notes: values.notes ?? null,
        },
        key,
        reader,
      }));
      await keyedChanges(ctx.db, changes, STORE.entity, SHOWN, rows, stored);
      await saveKeyedRows(ctx, STORE, rows, stored);
    },
  };
}
