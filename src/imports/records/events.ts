// Response event rows: matched to what is stored by the file's row key, or by a key derived from the
// partner, place, assistance type and request time. Validated with the form's and the API's schema.
import { type EventInput, eventSchema } from '../../evidence/schemas.js';
import { partnerCoverage } from '../../partners/service.js';
import { type ImportedEvent, eventsByKeys, insertEvents, updateImportedEvent } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import { ChangeList, type ShownField, keyedChanges } from './changes.js';
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

/** The fields an update is compared on, and how the preview shows what it changes. */
const SHOWN: (ShownField & { stored: keyof ImportedEvent })[] = [
  { stored: 'territoryId', field: 'territory', kind: 'territories' },
  { stored: 'assistanceTypeId', field: 'assistanceType', kind: 'assistanceTypes' },
  { stored: 'requestedAt', field: 'requestedDate', kind: 'dateTime' },
  { stored: 'firstAssistanceAt', field: 'deliveredDate', kind: 'dateTime' },
  { stored: 'peopleAssisted', field: 'peopleAssisted', kind: 'number' },
  { stored: 'notes', field: 'notes', kind: 'text' },
];

const STORE: KeyedRecordStore<ImportedEvent> = {
  entity: 'response_event',
  compared: SHOWN.map((shown) => shown.stored),
  update: updateImportedEvent,
  insert: insertEvents,
};

interface PlannedEvent {
  reader: RowReader;
  partnerId: number;
  key: string;
  values: EventInput;
}

/**
 * The row's cells as schema input; a place, assistance type, date or time it cannot read becomes an
 * issue, and its schema field is listed as unread.
 */
function eventInput(reader: RowReader, lookups: Lookups) {
  const territory = reader.names('territory', lookups.territories);
  const assistanceType = reader.names('assistanceType', lookups.assistanceTypes);
  const requested = reader.dateTime('requestedDate', 'requestedTime');
  const requestedDay = requested ? requested.slice(0, 10) : null;
  // A delivery time without a date is on the day of the request.
  const delivered = reader.dateTime('deliveredDate', 'deliveredTime', requestedDay);
  for (const [field, ids] of [
    ['territory', territory],
    ['assistanceType', assistanceType],
  ] as const)
    if (ids && ids.length > 1) reader.issue(field, 'imports.error.oneOnly', { value: reader.text(field) });
  // A date or time that could not be read has its issue already; the schema is not to call it missing.
  const unread = new Set([
    ...(requested === undefined ? ['requestedAt'] : []),
    ...(delivered === undefined ? ['firstAssistanceAt'] : []),
  ]);
  const input = {
    territoryId: territory?.[0] ?? null,
    assistanceTypeId: assistanceType?.[0] ?? null,
    requestedAt: requested ?? null,
    firstAssistanceAt: delivered ?? null,
    peopleAssisted: reader.number('peopleAssisted'),
    notes: reader.text('notes'),
  };
  return { input, unread };
}

/**
 * Reads and validates a row; null (the row rejected) when it has issues or repeats an earlier row.
 * Every faulty cell is named at once (one issue per cell), so one round of fixes is enough.
 */
function planEvent(reader: RowReader, lookups: Lookups, seen: SeenRows): PlannedEvent | null {
  const partnerId = lookups.partners.referenced(reader);
  const { input, unread } = eventInput(reader, lookups);
  const parsed = eventSchema.safeParse(input);
  if (!parsed.success) reader.schemaIssues(parsed.error, SCHEMA_FIELDS, (path) => !unread.has(path));
  if (partnerId === undefined || !parsed.success || reader.issues.length > 0) return null;
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
  const changes = new ChangeList(ctx.db, ctx.tally);
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
        return { row, key: event.key, reader: event.reader };
      });
      await keyedChanges(ctx.db, changes, STORE.entity, SHOWN, rows, stored);
      await saveKeyedRows(ctx, STORE, rows, stored);
    },
  };
}
