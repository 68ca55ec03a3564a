// Agreement rows: matched by reference code; an agreement stays with its partner. A blank cell keeps
// what is stored. Validated with the form's and the API's schema.
import { type Agreement, insertAgreement, updateAgreementIfVersion } from '../../portfolio/repository.js';
import { AGREEMENT_FIELDS } from '../../portfolio/schemas.js';
import { type AgreementInput, agreementSchema } from '../../portfolio/schemas.js';
import { partnerCoverage } from '../../partners/service.js';
import { agreementsByCodes } from '../repository.js';
import type { RowReader } from '../row-reader.js';
import { ChangeList, type ShownField, differing } from './changes.js';
import { type Lookups, isProvisional, readCoverage } from './lookups.js';
import { type RecordContext, type RecordHandler, SeenRows, coverageWarnings, listWritten } from './record-handler.js';

const SCHEMA_FIELDS: Record<string, string> = {
  territoryIds: 'territories',
  assistanceTypeIds: 'assistanceTypes',
  partnerId: 'partner',
};

type Compared = Pick<Agreement, (typeof AGREEMENT_FIELDS)[number]>;

/** The fields an update is compared on, and how the preview shows what it changes. */
const SHOWN: (ShownField & { stored: keyof Compared })[] = [
  { stored: 'code', field: 'code', kind: 'text' },
  { stored: 'title', field: 'title', kind: 'text' },
  { stored: 'startDate', field: 'startDate', kind: 'day' },
  { stored: 'endDate', field: 'endDate', kind: 'day' },
  { stored: 'amountUsd', field: 'amountUsd', kind: 'number' },
  { stored: 'territoryIds', field: 'territories', kind: 'territories' },
  { stored: 'assistanceTypeIds', field: 'assistanceTypes', kind: 'assistanceTypes' },
  { stored: 'peopleTargeted', field: 'peopleTargeted', kind: 'number' },
  { stored: 'peopleReached', field: 'peopleReached', kind: 'number' },
  { stored: 'status', field: 'status', kind: 'agreementStatus' },
];

interface ReadRow {
  reader: RowReader;
  partnerId: number | undefined;
  values: Record<string, unknown>;
}

interface ValidRow {
  reader: RowReader;
  values: AgreementInput;
  current: Agreement | undefined;
}

/** The row's non-blank cells as schema input; what it cannot read becomes an issue. */
function readRow(reader: RowReader, lookups: Lookups): ReadRow {
  const partnerId = lookups.partners.referenced(reader);
  const values: Record<string, unknown> = partnerId === undefined ? {} : { partnerId };
  for (const field of ['code', 'title'] as const) if (reader.has(field)) values[field] = reader.text(field);
  for (const field of ['startDate', 'endDate'] as const) if (reader.has(field)) values[field] = reader.date(field);
  for (const field of ['amountUsd', 'peopleTargeted', 'peopleReached'] as const)
    if (reader.has(field)) values[field] = reader.number(field);
  Object.assign(values, readCoverage(reader, lookups));
  const status = reader.option('status', lookups.agreementStatuses);
  if (status) values.status = status;
  return { reader, values, partnerId };
}

/** What a stored agreement holds, as schema input for the cells a row leaves blank. */
function storedValues(current: Agreement) {
  return {
    partnerId: current.partnerId,
    code: current.code,
    title: current.title,
    startDate: current.startDate,
    endDate: current.endDate,
    amountUsd: current.amountUsd,
    territoryIds: current.territoryIds,
    assistanceTypeIds: current.assistanceTypeIds,
    peopleTargeted: current.peopleTargeted,
    peopleReached: current.peopleReached,
    status: current.status,
  };
}

/**
 * Validates a read row against the agreement its code names; null (with issues) when it cannot be
 * saved. Every faulty cell is named at once, one issue per cell, so one round of fixes is enough.
 */
function validate(
  { reader, values, partnerId }: ReadRow,
  byCode: Map<string, Agreement>,
  seen: SeenRows,
): ValidRow | null {
  const code = typeof values.code === 'string' ? values.code : undefined;
  const current = code === undefined ? undefined : byCode.get(code);
  if (current && partnerId !== undefined && current.partnerId !== partnerId)
    reader.issue('code', 'imports.error.agreementOtherPartner', { code: current.code });
  const first = code === undefined ? undefined : seen.firstRow(code);
  if (first !== undefined && !reader.issues.some((issue) => issue.field === 'code'))
    reader.issue('code', 'imports.error.duplicateInFile', { row: first });
  // The schema checks a stored partner's id; a partner the same workbook creates has a provisional one.
  const provisional = partnerId !== undefined && isProvisional(partnerId);
  const parsed = agreementSchema.safeParse({
    ...(current ? storedValues(current) : {}),
    ...values,
    ...(provisional && { partnerId: 1 }),
  });
  // The partner cell that named no partner has its issue already: the schema is not to call it missing.
  if (!parsed.success) reader.schemaIssues(parsed.error, SCHEMA_FIELDS, (path) => path !== 'partnerId');
  if (!parsed.success || reader.issues.length > 0) return null;
  seen.add(parsed.data.code, reader.row);
  return { reader, values: provisional ? { ...parsed.data, partnerId } : parsed.data, current };
}

export function agreementRecords(ctx: RecordContext): RecordHandler {
  const seen = new SeenRows();
  const changes = new ChangeList(ctx.db, ctx.tally);
  return {
    async chunk(readers) {
      const read = readers.map((reader) => readRow(reader, ctx.lookups));
      const stored = await agreementsByCodes(ctx.db, [
        ...new Set(read.flatMap((r) => (typeof r.values.code === 'string' ? [r.values.code] : []))),
      ]);
      const byCode = new Map(stored.map((a) => [a.code, a]));
      const valid: ValidRow[] = [];
      for (const row of read) {
        const checked = validate(row, byCode, seen);
        if (checked) valid.push(checked);
        else ctx.tally.reject(row.reader.issues);
      }
      const coverage = await partnerCoverage(ctx.db, [
        ...new Set(valid.flatMap((v) => (isProvisional(v.values.partnerId) ? [] : [v.values.partnerId]))),
      ]);
      for (const { reader, values, current } of valid) {
        const row = {
          ...values,
          peopleTargeted: values.peopleTargeted ?? null,
          peopleReached: values.peopleReached ?? null,
        };
        const warnings = coverageWarnings(reader, 'agreement', coverage.get(row.partnerId), row);
        if (row.peopleReached !== null && row.peopleTargeted !== null && row.peopleReached > row.peopleTargeted)
          warnings.push(reader.warning('peopleReached', 'warning.reachedAboveTargeted'));
        ctx.tally.warn(warnings);
        if (!current) {
          ctx.tally.counts.createdCount++;
          if (ctx.writer) {
            const id = await insertAgreement(ctx.writer.trx, row);
            await listWritten(ctx.writer, 'agreement', 'created', [id]);
            ctx.touched.add(row.partnerId);
          }
          continue;
        }
        const changed = differing<Compared>(SHOWN, current, row);
        if (changed.length === 0) {
          ctx.tally.counts.unchangedCount++;
        } else {
          ctx.tally.counts.updatedCount++;
          await changes.add({
            reader,
            entity: 'agreement',
            recordId: current.id,
            partnerId: current.partnerId,
            record: `${current.code} · ${current.title}`,
            fields: changed,
          });
          if (ctx.writer) {
            await updateAgreementIfVersion(ctx.writer.trx, current.id, current.version, row);
            await listWritten(ctx.writer, 'agreement', 'updated', [current.id]);
            ctx.touched.add(row.partnerId);
          }
        }
      }
    },
  };
}
