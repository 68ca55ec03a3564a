// Response event rows: matched to what is stored by the file's row key, or by a key derived from the
// partner, place, assistance type and request time. Validated with the form's and the API's schema.
import { type EventInput, eventSchema } from '../../evidence/schemas.js';
import { partnerCoverage } from '../../partners/service.js';
import { type ImportedEvent, eventsByKeys, insertEvents, updateImportedEvent } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import { type Lookups, isProvisional } from './lookups.js';
import {
  type KeyedRecordStore,
  type RecordContext,
  type RecordHandler,
  SeenRows,
  claimRowKey,
  coverageWarnings,
  saveKeyedRows,
} from './record-handler.js';

const SCHEMA_FIELDS: Record<string, string> = {
  territoryId: 'territory',
  assistanceTypeId: 'assistanceType',
  requestedAt: 'requestedDate',
  firstAssistanceAt: 'deliveredDate',
};
const STORE: KeyedRecordStore<ImportedEvent> = {
  entity: 'response_event',
  compared: ['territoryId', 'assistanceTypeId', 'requestedAt', 'firstAssistanceAt', 'peopleAssisted', 'notes'],
  update: updateImportedEvent,
  insert: insertEvents,
};

interface PlannedEvent {
  reader: RowReader;
  partnerId: number;
  key: string;
  values: EventInput;
}

/** The row's cells as schema input; a place or assistance type it cannot read becomes an issue. */
function eventInput(reader: RowReader, lookups: Lookups) {
  const territory = reader.names('territory', lookups.territories, 'imports.error.unknownTerritory');
  const assistanceType = reader.names('assistanceType', lookups.assistanceTypes, 'imports.error.unknownAssistanceType');
  const requested = reader.dateTime('requestedDate', 'requestedTime');
  const requestedDay = requested ? requested.slice(0, 10) : null;
  // A delivery time without a date is on the day of the request.
  const delivered = reader.dateTime('deliveredDate', 'deliveredTime', requestedDay);
  if (territory && territory.length > 1) reader.issue('territory', 'imports.error.oneOnly');
  if (assistanceType && assistanceType.length > 1) reader.issue('assistanceType', 'imports.error.oneOnly');
  return {
    territoryId: territory?.[0] ?? null,
    assistanceTypeId: assistanceType?.[0] ?? null,
    requestedAt: requested ?? null,
    firstAssistanceAt: delivered ?? null,
    peopleAssisted: reader.number('peopleAssisted'),
    notes: reader.text('notes'),
  };
}

/** Reads and validates a row; null (the row rejected) when it has issues or repeats an earlier row. */
function planEvent(reader: RowReader, lookups: Lookups, seen: SeenRows): PlannedEvent | null {
  const partnerId = lookups.partners.referenced(reader);
  const input = eventInput(reader, lookups);
  if (partnerId === undefined || reader.issues.length > 0) return null;
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) {
    reader.schemaIssues(parsed.error, SCHEMA_FIELDS);
    return null;
  }
  const values = parsed.data;
  const identity = [values.territoryId, values.assistanceTypeId, values.requestedAt];
  const key = claimRowKey(reader, seen, partnerId, identity, 'requestedDate');
  return key === null ? null : { reader, partnerId, key, values };
}

function storedFields({ partnerId, values }: PlannedEvent): ImportedEvent {
  return {
    partnerId,
    territoryId: values.territoryId,
    assistanceTypeId: values.assistanceTypeId,
    requestedAt: values.requestedAt,
    firstAssistanceAt: values.firstAssistanceAt ?? null,
    peopleAssisted: values.peopleAssisted ?? null,
    notes: values.notes ?? null,
  };
}

export function eventRecords(ctx: RecordContext): RecordHandler {
  const seen = new SeenRows();
  return {
    async chunk(readers) {
      const planned: PlannedEvent[] = [];
      for (const reader of readers) {
        const event = planEvent(reader, ctx.lookups, seen);
        if (event) planned.push(event);
        else ctx.tally.reject(reader.issues);
      }
      const [stored, coverage] = await Promise.all([
        eventsByKeys(ctx.db, [...new Set(planned.map((p) => p.key))]),
        partnerCoverage(ctx.db, [
          ...new Set(planned.flatMap((p) => (isProvisional(p.partnerId) ? [] : [p.partnerId]))),
        ]),
      ]);
      const rows = planned.map((event) => {
        const row = storedFields(event);
        ctx.tally.warn(
          coverageWarnings(event.reader, 'event', coverage.get(row.partnerId), {
            territoryIds: [row.territoryId],
            assistanceTypeIds: [row.assistanceTypeId],
          }),
        );
        return { row, key: event.key };
      });
      await saveKeyedRows(ctx, STORE, rows, stored);
    },
  };
}
