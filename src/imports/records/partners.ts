// Partner rows: matched by RUC, else by exact normalized name; a blank cell keeps what is stored.
// Validated with the same schema as the form and the API, written through the partners service.
import {
  NUMERIC_PROFILE_FIELDS,
  type Partner,
  type PartnerProfile,
  type ProfileField,
  changedFields,
  profileOf,
} from '../../partners/partner.js';
import { checkRuc } from '../../partners/ruc.js';
import { type CreatePartnerInput, createPartnerSchema } from '../../partners/schemas.js';
import { completeProfile, insertImportedPartners, partnersByIds, saveImportedProfile } from '../../partners/service.js';
import { nameKey } from '../../shared/text.js';
import type { RowIssue } from '../import-record.js';
import { type RowReader, normalizeRuc } from '../row-reader.js';
import { ChangeList, type ShownField } from './changes.js';
import { type Lookups, type PartnerFinder, readCoverage } from './lookups.js';
import { type RecordContext, type RecordHandler, SeenRows, listWritten, now } from './record-handler.js';

const SCHEMA_FIELDS: Record<string, string> = {
  territoryIds: 'territories',
  assistanceTypeIds: 'assistanceTypes',
};

/** How the preview shows what an update changes in each profile field, under the column that sets it. */
const SHOWN: Record<ProfileField, ShownField> = {
  name: { field: 'name', kind: 'text' },
  acronym: { field: 'acronym', kind: 'text' },
  ruc: { field: 'ruc', kind: 'text' },
  organizationType: { field: 'organizationType', kind: 'organizationType' },
  localizationCategory: { field: 'localizationCategory', kind: 'localization' },
  staffCount: { field: 'staffCount', kind: 'number' },
  volunteerCount: { field: 'volunteerCount', kind: 'number' },
  annualBudgetUsd: { field: 'annualBudgetUsd', kind: 'number' },
  yearFounded: { field: 'yearFounded', kind: 'text' },
  territoryIds: { field: 'territories', kind: 'territories' },
  assistanceTypeIds: { field: 'assistanceTypes', kind: 'assistanceTypes' },
  adminSteps: { field: 'adminSteps', kind: 'number' },
  declaredResponseHours: { field: 'declaredResponseHours', kind: 'number' },
  contactName: { field: 'contactName', kind: 'text' },
  contactEmail: { field: 'contactEmail', kind: 'text' },
  contactPhone: { field: 'contactPhone', kind: 'text' },
  notes: { field: 'notes', kind: 'text' },
  status: { field: 'status', kind: 'status' },
};

type PartnerValues = Partial<Record<keyof CreatePartnerInput, unknown>>;

/** A row that named its partner unambiguously, once in the file; its values are checked against what is stored next. */
interface PlannedRow {
  reader: RowReader;
  values: PartnerValues;
  existingId: number | null;
  ruc: string | null;
  key: string;
  warnings: RowIssue[];
}

interface NewPartner {
  profile: PartnerProfile;
  createdAt: string;
  updatedAt: string;
  ruc: string | null;
  key: string;
  /** The row that created it: a later row naming it repeats that row. */
  row: number;
}

/** The row's non-blank cells as schema input; options and names it could not read become issues. */
function partnerValues(reader: RowReader, lookups: Lookups): PartnerValues {
  const values: PartnerValues = {};
  for (const field of ['name', 'acronym', 'contactName', 'contactEmail', 'notes'] as const)
    if (reader.has(field)) values[field] = reader.text(field);
  if (reader.has('contactPhone')) values.contactPhone = reader.text('contactPhone');
  if (reader.has('ruc')) values.ruc = normalizeRuc(reader.cell('ruc'));
  for (const field of NUMERIC_PROFILE_FIELDS) if (reader.has(field)) values[field] = reader.number(field);
  const organizationType = reader.option('organizationType', lookups.organizationTypes);
  if (organizationType) values.organizationType = organizationType;
  const localization = reader.option('localizationCategory', lookups.localizationCategories);
  if (localization) values.localizationCategory = localization;
  const status = reader.option('status', lookups.partnerStatuses);
  if (status) values.status = status;
  return { ...values, ...readCoverage(reader, lookups) };
}

/** Reads a row and matches it to a stored partner; null (the row rejected) when it cannot be planned. */
function planRow(reader: RowReader, lookups: Lookups, seen: SeenRows): PlannedRow | null {
  const values = partnerValues(reader, lookups);
  const ruc = typeof values.ruc === 'string' && values.ruc !== '' ? values.ruc : null;
  const key = typeof values.name === 'string' ? nameKey(values.name) : '';
  const match = lookups.partners.match(ruc, key);
  if (reader.issues.length > 0) {
    // Name the row's other faulty cells too, so one round of fixes is enough: the blank ones as
    // well when the row would create a partner (an update keeps what is stored for them).
    const others = createPartnerSchema.safeParse(values);
    if (!others.success)
      reader.schemaIssues(others.error, SCHEMA_FIELDS, (path) => match.kind !== 'stored' || path in values);
    return null;
  }
  const warnings: RowIssue[] = [];
  if (match.kind === 'ambiguous') reader.issue('name', 'imports.error.partnerAmbiguous', { name: String(values.name) });
  if (match.kind === 'namesake')
    warnings.push(reader.warning('name', 'imports.warning.sameName', { name: String(values.name) }));
  const existingId = match.kind === 'stored' ? match.id : null;
  const identity = existingId !== null ? `id:${existingId}` : ruc !== null ? `ruc:${ruc}` : `name:${key}`;
  const first = seen.firstRow(identity) ?? (existingId === null ? seen.firstRow(`name:${key}`) : undefined);
  if (first !== undefined) reader.issue(ruc !== null ? 'ruc' : 'name', 'imports.error.duplicateInFile', { row: first });
  if (reader.issues.length > 0) return null;
  seen.add(identity, reader.row);
  if (existingId === null && key !== '') seen.add(`name:${key}`, reader.row);
  return { reader, values, existingId, ruc, key, warnings };
}

/** Warnings about a RUC whose check digit is doubtful (a valid one can still carry them). */
function rucWarnings(reader: RowReader, ruc: string | null): RowIssue[] {
  if (ruc === null) return [];
  const check = checkRuc(ruc);
  return check.valid ? check.warnings.map((warning) => reader.warning('ruc', `warning.ruc.${warning}`)) : [];
}

/** The whole profile a planned row asks for (the stored one with the row's cells over it), or null with issues. */
function profileFor(planned: PlannedRow, current: Partner | undefined): PartnerProfile | null {
  const { reader, values } = planned;
  const base: Record<string, unknown> = current ? { ...profileOf(current) } : {};
  // A messier spelling of the same name ("ASOCIACION DOS") keeps the stored one.
  if (current && typeof values.name === 'string' && nameKey(values.name) === nameKey(current.name))
    values.name = current.name;
  const parsed = createPartnerSchema.safeParse({ ...base, ...values });
  if (!parsed.success) {
    reader.schemaIssues(parsed.error, SCHEMA_FIELDS);
    return null;
  }
  return completeProfile(parsed.data);
}

async function createPartners(
  ctx: RecordContext,
  finder: PartnerFinder,
  seen: SeenRows,
  creates: NewPartner[],
): Promise<void> {
  if (creates.length === 0) return;
  // Later rows (a second chunk, the next sheets of a workbook) find the new partner like a stored
  // one; a preview gives it a provisional id, so it previews as it commits.
  if (!ctx.writer) {
    for (const created of creates) seen.add(`id:${finder.addProvisional(created.ruc, created.key)}`, created.row);
    return;
  }
  const ids = await insertImportedPartners(ctx.writer.trx, creates);
  for (const [i, id] of ids.entries()) {
    const created = creates[i];
    if (created === undefined) throw new Error('more partners saved than the import asked for');
    finder.add(id, created.ruc, created.key);
    seen.add(`id:${id}`, created.row);
    ctx.touched.add(id);
  }
  await listWritten(ctx.writer, 'partner', 'created', ids);
}

export function partnerRecords(ctx: RecordContext): RecordHandler {
  const seen = new SeenRows();
  const changes = new ChangeList(ctx.db, ctx.tally);
  const finder = ctx.lookups.partners;
  return {
    async chunk(readers) {
      const planned: PlannedRow[] = [];
      // Rejected in the file's order at the end of the chunk, though found in two passes.
      const rejected: RowReader[] = [];
      for (const reader of readers) {
        const row = planRow(reader, ctx.lookups, seen);
        if (row) planned.push(row);
        else rejected.push(reader);
      }
      const stored = await partnersByIds(
        ctx.db,
        planned.flatMap((p) => (p.existingId === null ? [] : [p.existingId])),
      );
      const existing = new Map(stored.map((p) => [p.id, p]));
      const creates: NewPartner[] = [];
      for (const row of planned) {
        const current = row.existingId === null ? undefined : existing.get(row.existingId);
        const profile = profileFor(row, current);
        if (!profile) {
          rejected.push(row.reader);
          continue;
        }
        ctx.tally.warn([...row.warnings, ...rucWarnings(row.reader, row.ruc)]);
        if (!current) {
          ctx.tally.counts.createdCount++;
          const at = now();
          creates.push({ profile, createdAt: at, updatedAt: at, ruc: row.ruc, key: row.key, row: row.reader.row });
          continue;
        }
        const changed = changedFields(profileOf(current), profile);
        if (changed.length === 0) {
          ctx.tally.counts.unchangedCount++;
          continue;
        }
        ctx.tally.counts.updatedCount++;
        await changes.add({
          reader: row.reader,
          entity: 'partner',
          recordId: current.id,
          partnerId: current.id,
          record: current.name,
          fields: changed.map((field) => ({ ...SHOWN[field], before: current[field], after: profile[field] })),
        });
        if (ctx.writer) {
          await saveImportedProfile(ctx.writer.trx, current, profile);
          await listWritten(ctx.writer, 'partner', 'updated', [current.id]);
          ctx.touched.add(current.id);
        }
      }
      for (const reader of rejected.sort((a, b) => a.row - b.row)) ctx.tally.reject(reader.issues);
      await createPartners(ctx, finder, seen, creates);
    },
  };
}
