// Performance review rows: matched to what is stored by the file's row key, or by a key derived from
// the partner and the period. Validated with the form's and the API's schema.
import { type ReviewInput, reviewSchema } from '../../evidence/schemas.js';
import { type ImportedReview, insertReviews, reviewsByKeys, updateImportedReview } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import type { Lookups } from './lookups.js';
import { type RecordContext, type RecordHandler, SeenRows, claimRowKey, listWritten } from './record-handler.js';

const COMPARED = ['periodStart', 'periodEnd', 'rating', 'notes'] as const;

interface PlannedReview {
  partnerId: number;
  key: string;
  values: ReviewInput;
}

/** Reads and validates a row; null (the row rejected) when it has issues or repeats an earlier row. */
function planReview(reader: RowReader, lookups: Lookups, seen: SeenRows): PlannedReview | null {
  const partnerId = lookups.partners.referenced(reader);
  const input = {
    periodStart: reader.date('periodStart'),
    periodEnd: reader.date('periodEnd'),
    rating: reader.number('rating'),
    notes: reader.text('notes'),
  };
  if (partnerId === undefined || reader.issues.length > 0) return null;
  const parsed = reviewSchema.safeParse(input);
  if (!parsed.success) {
    reader.schemaIssues(parsed.error);
    return null;
  }
  const values = parsed.data;
  const key = claimRowKey(reader, seen, partnerId, [values.periodStart, values.periodEnd], 'periodStart');
  return key === null ? null : { partnerId, key, values };
}

export function reviewRecords(ctx: RecordContext): RecordHandler {
  const seen = new SeenRows();
  return {
    async chunk(readers) {
      const planned: PlannedReview[] = [];
      for (const reader of readers) {
        const review = planReview(reader, ctx.lookups, seen);
        if (review) planned.push(review);
        else ctx.tally.reject(reader.issues);
      }
      const stored = await reviewsByKeys(ctx.db, [...new Set(planned.map((p) => p.key))]);
      const byKey = new Map(stored.map((r) => [`${r.partnerId}:${r.importKey}`, r]));
      const creates: (ImportedReview & { importKey: string })[] = [];
      for (const { partnerId, key, values } of planned) {
        const row: ImportedReview = {
          partnerId,
          periodStart: values.periodStart,
          periodEnd: values.periodEnd,
          rating: values.rating,
          notes: values.notes ?? null,
        };
        const current = byKey.get(`${partnerId}:${key}`);
        if (!current) {
          ctx.tally.counts.createdCount++;
          creates.push({ ...row, importKey: key });
        } else if (COMPARED.every((f) => current[f] === row[f])) {
          ctx.tally.counts.unchangedCount++;
        } else {
          ctx.tally.counts.updatedCount++;
          if (ctx.writer) {
            await updateImportedReview(ctx.writer.trx, current.id, row);
            await listWritten(ctx.writer, 'review', 'updated', [current.id]);
            ctx.touched.add(partnerId);
          }
        }
      }
      if (ctx.writer && creates.length > 0) {
        const ids = await insertReviews(ctx.writer.trx, creates);
        for (const r of creates) ctx.touched.add(r.partnerId);
        await listWritten(ctx.writer, 'review', 'created', ids);
      }
    },
  };
}
