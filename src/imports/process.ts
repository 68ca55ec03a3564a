// Runs a file's rows through one record type's rules, a chunk at a time: reads each row's cells,
// matches it to what is stored (lookups prepared up front, one query per chunk), validates it with
// the same zod schemas as the forms and the API, and counts what would be created, updated, left
// unchanged or rejected. In commit mode the same pass writes, inside the caller's transaction.
import { completeProfile } from '../partners/service.js';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../database/schema.js';
import { eventSchema, reviewSchema } from '../evidence/schemas.js';
import { responseHoursBetween } from '../evidence/repository.js';
import { en, es } from '../i18n/index.js';
import {
  LOCALIZATION_CATEGORIES,
  ORGANIZATION_TYPES,
  PARTNER_STATUSES,
  type Partner,
  type PartnerProfile,
  changedFields,
} from '../partners/partner.js';
import { findPartners, insertPartners, updatePartnerIfVersion } from '../partners/repository.js';
import { checkRuc } from '../partners/ruc.js';
import { type CreatePartnerInput, createPartnerSchema } from '../partners/schemas.js';
import { profileOf } from '../partners/service.js';
import { insertAgreement, updateAgreementIfVersion } from '../portfolio/repository.js';
import { AGREEMENT_STATUSES } from '../portfolio/rules.js';
import { AGREEMENT_FIELDS, agreementSchema } from '../portfolio/schemas.js';
import { listAssistanceTypes, listTerritories } from '../reference-data/repository.js';
import { nameKey } from '../shared/text.js';
import { toFieldIssues } from '../shared/validation.js';
import { type Cell, cellDateTime, cellNumber, cellText, cellTime, isBlank, localDateTime } from './cells.js';
import type { ImportType, Mapping } from './fields.js';
import { NameIndex, matchNames } from './names.js';
import * as repo from './repository.js';
import type { SheetRow } from './source.js';
import type { Executor } from '../database/executor.js';

/** How many rejected rows and warnings an import lists; beyond that it only counts them. */
export const LISTED_ISSUES = 1000;
const CHUNK = 500;

export type Mode = 'preview' | 'commit';

export interface Outcome {
  counts: repo.ImportCounts;
  issues: repo.ImportIssues;
  touchedPartnerIds: Set<number>;
}

/** Counts and the bounded lists of issues, so memory stays flat however many rows fail. */
class Tally {
  readonly counts: repo.ImportCounts = {
    totalRows: 0,
    createdCount: 0,
    updatedCount: 0,
    unchangedCount: 0,
    rejectedCount: 0,
    warningCount: 0,
  };
  readonly issues: repo.ImportIssues = { rejections: [], warnings: [], moreRejections: 0, moreWarnings: 0 };

  reject(issues: repo.RowIssue[]): void {
    this.counts.rejectedCount++;
    for (const issue of issues) {
      if (this.issues.rejections.length < LISTED_ISSUES) this.issues.rejections.push(issue);
      else this.issues.moreRejections++;
    }
  }

  warn(issues: repo.RowIssue[]): void {
    if (issues.length === 0) return;
    this.counts.warningCount++;
    for (const issue of issues) {
      if (this.issues.warnings.length < LISTED_ISSUES) this.issues.warnings.push(issue);
      else this.issues.moreWarnings++;
    }
  }
}

/** One row's cells by field, and the issues found while reading them. */
class RowReader {
  readonly issues: repo.RowIssue[] = [];

  constructor(
    readonly row: number,
    private readonly cells: Cell[],
    private readonly columns: Map<string, number>,
    private readonly headers: string[],
  ) {}

  has(field: string): boolean {
    const i = this.columns.get(field);
    return i !== undefined && !isBlank(this.cells[i] ?? null);
  }

  cell(field: string): Cell {
    const i = this.columns.get(field);
    return i === undefined ? null : (this.cells[i] ?? null);
  }

  text(field: string): string {
    return cellText(this.cell(field));
  }

  column(field: string): string | null {
    const i = this.columns.get(field);
    return i === undefined ? null : (this.headers[i] ?? null);
  }

  issue(field: string, message: string, params?: Record<string, string | number>): repo.RowIssue {
    const issue: repo.RowIssue = {
      row: this.row,
      column: this.column(field),
      field,
      message,
      ...(params ? { params } : {}),
    };
    this.issues.push(issue);
    return issue;
  }

  number(field: string): number | string | null {
    return cellNumber(this.cell(field));
  }

  /** A calendar day "yyyy-mm-dd", or undefined (with an issue) when the cell is not a date. */
  date(field: string): string | null | undefined {
    const value = cellDateTime(this.cell(field));
    if (value === null) return null;
    if (typeof value === 'string') {
      this.issue(field, value === 'monthFirst' ? 'imports.error.monthFirst' : 'imports.error.date', {
        value: this.text(field),
      });
      return undefined;
    }
    return value.date;
  }

  /** A date column and an optional time column as Ecuador local "yyyy-mm-ddTHH:MM". */
  dateTime(dateField: string, timeField: string, fallbackDate: string | null = null): string | null | undefined {
    const value = cellDateTime(this.cell(dateField));
    const time = cellTime(this.cell(timeField));
    if (time === 'time') {
      this.issue(timeField, 'imports.error.time', { value: this.text(timeField) });
      return undefined;
    }
    if (value === null) return fallbackDate !== null && time !== null ? localDateTime(fallbackDate, time) : null;
    if (typeof value === 'string') {
      this.issue(dateField, value === 'monthFirst' ? 'imports.error.monthFirst' : 'imports.error.date', {
        value: this.text(dateField),
      });
      return undefined;
    }
    return localDateTime(value.date, time ?? value.minutes ?? 0);
  }

  option<V extends string>(field: string, index: NameIndex<V>): V | null | undefined {
    if (!this.has(field)) return null;
    const value = index.get(this.text(field));
    if (value === undefined) this.issue(field, 'imports.error.unknownOption', { value: this.text(field) });
    return value;
  }

  names(field: string, index: NameIndex<number>, message: string): number[] | undefined {
    if (!this.has(field)) return undefined;
    const { ids, unknown } = matchNames(this.text(field), index);
    if (unknown.length > 0) {
      this.issue(field, message, { names: unknown.join(', ') });
      return undefined;
    }
    return ids;
  }

  /** zod issues (paths in the schema's names) as issues of this row's columns. */
  schemaIssues(error: z.ZodError, fieldOf: Record<string, string> = {}, only?: (path: string) => boolean): void {
    for (const issue of toFieldIssues(error)) {
      const path = issue.path.split('.')[0] ?? '';
      const field = fieldOf[path] ?? path;
      if (only && (!only(path) || this.issues.some((known) => known.field === field))) continue;
      this.issue(field, issue.message, issue.params);
    }
  }
}

/** A RUC as typed or as Excel turned it into a number: "0993381661001", "099-338166-1001", 993381661001. */
export function normalizeRuc(cell: Cell): string {
  const text = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/[\s.\-]/g, '');
  // A number column drops the leading zero of provinces 01–09.
  return /^\d{12}$/.test(text) ? `0${text}` : text;
}

const labelsIn = (prefix: string) => (option: string) => [
  (es as Record<string, string>)[`${prefix}.${option}`] ?? option,
  (en as Record<string, string>)[`${prefix}.${option}`] ?? option,
];

interface Lookups {
  territories: NameIndex<number>;
  assistanceTypes: NameIndex<number>;
  organizationTypes: NameIndex<(typeof ORGANIZATION_TYPES)[number]>;
  localizationCategories: NameIndex<(typeof LOCALIZATION_CATEGORIES)[number]>;
  partnerStatuses: NameIndex<(typeof PARTNER_STATUSES)[number]>;
  agreementStatuses: NameIndex<(typeof AGREEMENT_STATUSES)[number]>;
  partners: PartnerFinder;
}

/** Finds the partner a row names: by RUC, else by exact normalized name. */
class PartnerFinder {
  readonly byRuc = new Map<string, number>();
  readonly byName = new Map<string, number[]>();
  readonly rucOf = new Map<number, string | null>();

  constructor(rows: { id: number; ruc: string | null; nameKey: string }[]) {
    for (const row of rows) this.add(row.id, row.ruc, row.nameKey);
  }

  add(id: number, ruc: string | null, key: string): void {
    if (ruc) this.byRuc.set(ruc, id);
    this.rucOf.set(id, ruc);
    const named = this.byName.get(key);
    if (named) named.push(id);
    else this.byName.set(key, [id]);
  }

  /** The partner an event, review or agreement row names, or undefined with an issue. */
  referenced(reader: RowReader): number | undefined {
    const ruc = reader.has('partnerRuc') ? normalizeRuc(reader.cell('partnerRuc')) : '';
    if (ruc !== '') {
      const id = this.byRuc.get(ruc);
      if (id !== undefined) return id;
      if (!reader.has('partner')) {
        reader.issue('partnerRuc', 'imports.error.partnerRucUnknown', { ruc });
        return undefined;
      }
    }
    if (!reader.has('partner')) {
      reader.issue('partner', 'imports.error.partnerMissing');
      return undefined;
    }
    const ids = this.byName.get(nameKey(reader.text('partner'))) ?? [];
    if (ids.length === 1) return ids[0];
    reader.issue('partner', ids.length === 0 ? 'imports.error.partnerUnknown' : 'imports.error.partnerAmbiguous', {
      name: reader.text('partner'),
    });
    return undefined;
  }
}

async function prepareLookups(db: Executor): Promise<Lookups> {
  const [territories, assistanceTypes, partners] = await Promise.all([
    listTerritories(db),
    listAssistanceTypes(db),
    repo.partnerKeys(db),
  ]);
  return {
    territories: NameIndex.ofRecords(territories),
    assistanceTypes: NameIndex.ofRecords(assistanceTypes),
    organizationTypes: NameIndex.ofOptions(ORGANIZATION_TYPES, labelsIn('organizationType')),
    localizationCategories: NameIndex.ofOptions(LOCALIZATION_CATEGORIES, labelsIn('localization')),
    partnerStatuses: NameIndex.ofOptions(PARTNER_STATUSES, labelsIn('status')),
    agreementStatuses: NameIndex.ofOptions(AGREEMENT_STATUSES, labelsIn('agreementStatus')),
    partners: new PartnerFinder(partners),
  };
}

interface Context {
  db: Executor;
  mode: Mode;
  importId: number | null;
  tally: Tally;
  lookups: Lookups;
  touched: Set<number>;
}

interface Handler {
  chunk(readers: RowReader[]): Promise<void>;
}

/** Remembers the first row that named each record, so a second row naming it is refused. */
class SeenRows {
  private readonly rows = new Map<string, number>();

  firstRow(key: string): number | undefined {
    return this.rows.get(key);
  }

  add(key: string, row: number): void {
    if (!this.rows.has(key)) this.rows.set(key, row);
  }
}

const now = () => new Date().toISOString();

// ---------------------------------------------------------------------------------------------
// Partners: matched by RUC, else by exact normalized name; a blank cell keeps what is stored.

const PARTNER_SCHEMA_FIELDS: Record<string, string> = {
  territoryIds: 'territories',
  assistanceTypeIds: 'assistanceTypes',
};

function partnerValues(reader: RowReader, lookups: Lookups): Partial<Record<keyof CreatePartnerInput, unknown>> {
  const values: Partial<Record<keyof CreatePartnerInput, unknown>> = {};
  for (const field of ['name', 'acronym', 'contactName', 'contactEmail', 'notes'] as const)
    if (reader.has(field)) values[field] = reader.text(field);
  if (reader.has('contactPhone')) values.contactPhone = reader.text('contactPhone');
  if (reader.has('ruc')) values.ruc = normalizeRuc(reader.cell('ruc'));
  for (const field of [
    'staffCount',
    'volunteerCount',
    'annualBudgetUsd',
    'yearFounded',
    'adminSteps',
    'declaredResponseHours',
  ] as const) {
    if (reader.has(field)) values[field] = reader.number(field);
  }
  const organizationType = reader.option('organizationType', lookups.organizationTypes);
  if (organizationType) values.organizationType = organizationType;
  const localization = reader.option('localizationCategory', lookups.localizationCategories);
  if (localization) values.localizationCategory = localization;
  const status = reader.option('status', lookups.partnerStatuses);
  if (status) values.status = status;
  const territoryIds = reader.names('territories', lookups.territories, 'imports.error.unknownTerritory');
  if (territoryIds) values.territoryIds = territoryIds;
  const assistanceTypeIds = reader.names(
    'assistanceTypes',
    lookups.assistanceTypes,
    'imports.error.unknownAssistanceType',
  );
  if (assistanceTypeIds) values.assistanceTypeIds = assistanceTypeIds;
  return values;
}

function partnerHandler(ctx: Context): Handler {
  const seen = new SeenRows();
  const finder = ctx.lookups.partners;
  return {
    async chunk(readers) {
      const planned: {
        reader: RowReader;
        values: ReturnType<typeof partnerValues>;
        existingId: number | null;
        ruc: string | null;
        key: string;
        warnings: repo.RowIssue[];
      }[] = [];
      for (const reader of readers) {
        const values = partnerValues(reader, ctx.lookups);
        if (reader.issues.length > 0) {
          // Name the row's other faulty cells too, so one round of fixes is enough.
          const others = createPartnerSchema.safeParse(values);
          if (!others.success) reader.schemaIssues(others.error, PARTNER_SCHEMA_FIELDS, (path) => path in values);
          ctx.tally.reject(reader.issues);
          continue;
        }
        const ruc = typeof values.ruc === 'string' && values.ruc !== '' ? values.ruc : null;
        const key = typeof values.name === 'string' ? nameKey(values.name) : '';
        const warnings: repo.RowIssue[] = [];
        let existingId: number | null = null;
        if (ruc !== null && finder.byRuc.has(ruc)) existingId = finder.byRuc.get(ruc)!;
        else if (key !== '') {
          const named = finder.byName.get(key) ?? [];
          const sameOrNoRuc = named.filter((id) => ruc === null || finder.rucOf.get(id) === null);
          if (sameOrNoRuc.length > 1) {
            reader.issue('name', 'imports.error.partnerAmbiguous', { name: String(values.name) });
          } else if (sameOrNoRuc.length === 1) {
            existingId = sameOrNoRuc[0]!;
          } else if (named.length > 0) {
            warnings.push({
              row: reader.row,
              column: reader.column('name'),
              field: 'name',
              message: 'imports.warning.sameName',
              params: { name: String(values.name) },
            });
          }
        }
        const identity = existingId !== null ? `id:${existingId}` : ruc !== null ? `ruc:${ruc}` : `name:${key}`;
        const first = seen.firstRow(identity) ?? (existingId === null ? seen.firstRow(`name:${key}`) : undefined);
        if (first !== undefined)
          reader.issue(ruc !== null ? 'ruc' : 'name', 'imports.error.duplicateInFile', { row: first });
        if (reader.issues.length > 0) {
          ctx.tally.reject(reader.issues);
          continue;
        }
        seen.add(identity, reader.row);
        if (existingId === null && key !== '') seen.add(`name:${key}`, reader.row);
        planned.push({ reader, values, existingId, ruc, key, warnings });
      }

      const existing = new Map<number, Partner>(
        (
          await findPartners(
            ctx.db,
            planned.flatMap((p) => (p.existingId === null ? [] : [p.existingId])),
          )
        ).map((p) => [p.id, p]),
      );
      const creates: {
        profile: PartnerProfile;
        createdAt: string;
        updatedAt: string;
        ruc: string | null;
        key: string;
      }[] = [];
      for (const { reader, values, existingId, ruc, key, warnings } of planned) {
        const current = existingId === null ? undefined : existing.get(existingId);
        const base: Record<string, unknown> = current ? { ...profileOf(current) } : {};
        // A messier spelling of the same name ("ASOCIACION DOS") keeps the stored one.
        if (current && typeof values.name === 'string' && nameKey(values.name) === nameKey(current.name))
          values.name = current.name;
        const parsed = createPartnerSchema.safeParse({ ...base, ...values });
        if (!parsed.success) {
          reader.schemaIssues(parsed.error, PARTNER_SCHEMA_FIELDS);
          ctx.tally.reject(reader.issues);
          continue;
        }
        const profile = completeProfile(parsed.data);
        if (ruc !== null) {
          const check = checkRuc(ruc);
          if (check.valid)
            for (const w of check.warnings)
              warnings.push({
                row: reader.row,
                column: reader.column('ruc'),
                field: 'ruc',
                message: `warning.ruc.${w}`,
              });
        }
        ctx.tally.warn(warnings);
        if (!current) {
          ctx.tally.counts.createdCount++;
          const at = now();
          creates.push({ profile, createdAt: at, updatedAt: at, ruc, key });
          continue;
        }
        if (changedFields(profileOf(current), profile).length === 0) {
          ctx.tally.counts.unchangedCount++;
          continue;
        }
        ctx.tally.counts.updatedCount++;
        if (ctx.mode === 'commit') {
          await updatePartnerIfVersion(ctx.db, current.id, current.version, profile, now());
          await repo.insertRecords(ctx.db, ctx.importId!, 'partner', 'updated', [current.id]);
          ctx.touched.add(current.id);
        }
      }
      if (ctx.mode === 'commit' && creates.length > 0) {
        const ids = await insertPartners(ctx.db, creates);
        ids.forEach((id, i) => {
          finder.add(id, creates[i]!.ruc, creates[i]!.key);
          ctx.touched.add(id);
        });
        await repo.insertRecords(ctx.db, ctx.importId!, 'partner', 'created', ids);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Response events and reviews: matched by the file's row key, or by a key derived from what
// identifies the record, so the same file imported twice creates nothing twice.

function derivedKey(...parts: (string | number)[]): string {
  return `h:${createHash('sha256').update(parts.join('\u001f')).digest('hex').slice(0, 24)}`;
}

const EVENT_SCHEMA_FIELDS: Record<string, string> = {
  territoryId: 'territory',
  assistanceTypeId: 'assistanceType',
  requestedAt: 'requestedDate',
  firstAssistanceAt: 'deliveredDate',
};

function eventHandler(ctx: Context): Handler {
  const seen = new SeenRows();
  return {
    async chunk(readers) {
      const planned: { reader: RowReader; partnerId: number; key: string; values: z.output<typeof eventSchema> }[] = [];
      for (const reader of readers) {
        const partnerId = ctx.lookups.partners.referenced(reader);
        const territory = reader.names('territory', ctx.lookups.territories, 'imports.error.unknownTerritory');
        const assistanceType = reader.names(
          'assistanceType',
          ctx.lookups.assistanceTypes,
          'imports.error.unknownAssistanceType',
        );
        const requested = reader.dateTime('requestedDate', 'requestedTime');
        const requestedDay = requested ? requested.slice(0, 10) : null;
        const delivered = reader.dateTime('deliveredDate', 'deliveredTime', requestedDay);
        if (territory && territory.length > 1) reader.issue('territory', 'imports.error.oneOnly');
        if (assistanceType && assistanceType.length > 1) reader.issue('assistanceType', 'imports.error.oneOnly');
        const input = {
          territoryId: territory?.[0] ?? null,
          assistanceTypeId: assistanceType?.[0] ?? null,
          requestedAt: requested ?? null,
          firstAssistanceAt: delivered ?? null,
          peopleAssisted: reader.number('peopleAssisted'),
          notes: reader.text('notes'),
        };
        if (reader.issues.length === 0) {
          const parsed = eventSchema.safeParse(input);
          if (!parsed.success) reader.schemaIssues(parsed.error, EVENT_SCHEMA_FIELDS);
          else {
            const values = parsed.data;
            const key = reader.has('importKey')
              ? reader.text('importKey')
              : derivedKey(partnerId!, values.territoryId, values.assistanceTypeId, values.requestedAt);
            const first = seen.firstRow(`${partnerId}:${key}`);
            if (first !== undefined)
              reader.issue(reader.has('importKey') ? 'importKey' : 'requestedDate', 'imports.error.duplicateInFile', {
                row: first,
              });
            else {
              seen.add(`${partnerId}:${key}`, reader.row);
              planned.push({ reader, partnerId: partnerId!, key, values });
            }
          }
        }
        if (reader.issues.length > 0) ctx.tally.reject(reader.issues);
      }

      const [stored, coverage] = await Promise.all([
        repo.eventsByKeys(ctx.db, [...new Set(planned.map((p) => p.key))]),
        repo.partnerCoverage(ctx.db, [...new Set(planned.map((p) => p.partnerId))]),
      ]);
      const byKey = new Map(stored.map((e) => [`${e.partnerId}:${e.importKey}`, e]));
      const creates: Parameters<typeof repo.insertEvents>[1] = [];
      for (const { reader, partnerId, key, values } of planned) {
        const row = {
          partnerId,
          territoryId: values.territoryId,
          assistanceTypeId: values.assistanceTypeId,
          requestedAt: values.requestedAt,
          firstAssistanceAt: values.firstAssistanceAt ?? null,
          peopleAssisted: values.peopleAssisted ?? null,
          notes: values.notes ?? null,
        };
        const covered = coverage.get(partnerId);
        const warnings: repo.RowIssue[] = [];
        if (covered && !covered.territoryIds.has(row.territoryId))
          warnings.push({
            row: reader.row,
            column: reader.column('territory'),
            field: 'territory',
            message: 'warning.eventTerritory',
          });
        if (covered && !covered.assistanceTypeIds.has(row.assistanceTypeId))
          warnings.push({
            row: reader.row,
            column: reader.column('assistanceType'),
            field: 'assistanceType',
            message: 'warning.eventAssistanceType',
          });
        ctx.tally.warn(warnings);
        const current = byKey.get(`${partnerId}:${key}`);
        if (!current) {
          ctx.tally.counts.createdCount++;
          creates.push({
            ...row,
            responseHours: responseHoursBetween(row.requestedAt, row.firstAssistanceAt),
            importKey: key,
          });
          continue;
        }
        const same = (
          ['territoryId', 'assistanceTypeId', 'requestedAt', 'firstAssistanceAt', 'peopleAssisted', 'notes'] as const
        ).every((f) => current[f] === row[f]);
        if (same) {
          ctx.tally.counts.unchangedCount++;
          continue;
        }
        ctx.tally.counts.updatedCount++;
        if (ctx.mode === 'commit') {
          await ctx.db
            .updateTable('responseEvents')
            .set({
              ...row,
              responseHours: responseHoursBetween(row.requestedAt, row.firstAssistanceAt),
              updatedAt: now(),
            })
            .where('id', '=', current.id)
            .execute();
          await repo.insertRecords(ctx.db, ctx.importId!, 'response_event', 'updated', [current.id]);
          ctx.touched.add(partnerId);
        }
      }
      if (ctx.mode === 'commit' && creates.length > 0) {
        const ids = await repo.insertEvents(ctx.db, creates);
        for (const e of creates) ctx.touched.add(e.partnerId);
        await repo.insertRecords(ctx.db, ctx.importId!, 'response_event', 'created', ids);
      }
    },
  };
}

function reviewHandler(ctx: Context): Handler {
  const seen = new SeenRows();
  return {
    async chunk(readers) {
      const planned: { reader: RowReader; partnerId: number; key: string; values: z.output<typeof reviewSchema> }[] =
        [];
      for (const reader of readers) {
        const partnerId = ctx.lookups.partners.referenced(reader);
        const input = {
          periodStart: reader.date('periodStart'),
          periodEnd: reader.date('periodEnd'),
          rating: reader.number('rating'),
          notes: reader.text('notes'),
        };
        if (reader.issues.length === 0) {
          const parsed = reviewSchema.safeParse(input);
          if (!parsed.success) reader.schemaIssues(parsed.error);
          else {
            const values = parsed.data;
            const key = reader.has('importKey')
              ? reader.text('importKey')
              : derivedKey(partnerId!, values.periodStart, values.periodEnd);
            const first = seen.firstRow(`${partnerId}:${key}`);
            if (first !== undefined)
              reader.issue(reader.has('importKey') ? 'importKey' : 'periodStart', 'imports.error.duplicateInFile', {
                row: first,
              });
            else {
              seen.add(`${partnerId}:${key}`, reader.row);
              planned.push({ reader, partnerId: partnerId!, key, values });
            }
          }
        }
        if (reader.issues.length > 0) ctx.tally.reject(reader.issues);
      }
      const stored = await repo.reviewsByKeys(ctx.db, [...new Set(planned.map((p) => p.key))]);
      const byKey = new Map(stored.map((r) => [`${r.partnerId}:${r.importKey}`, r]));
      const creates: Parameters<typeof repo.insertReviews>[1] = [];
      for (const { partnerId, key, values } of planned) {
        const row = {
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
          continue;
        }
        if ((['periodStart', 'periodEnd', 'rating', 'notes'] as const).every((f) => current[f] === row[f])) {
          ctx.tally.counts.unchangedCount++;
          continue;
        }
        ctx.tally.counts.updatedCount++;
        if (ctx.mode === 'commit') {
          await ctx.db
            .updateTable('performanceReviews')
            .set({ ...row, updatedAt: now() })
            .where('id', '=', current.id)
            .execute();
          await repo.insertRecords(ctx.db, ctx.importId!, 'review', 'updated', [current.id]);
          ctx.touched.add(partnerId);
        }
      }
      if (ctx.mode === 'commit' && creates.length > 0) {
        const ids = await repo.insertReviews(ctx.db, creates);
        for (const r of creates) ctx.touched.add(r.partnerId);
        await repo.insertRecords(ctx.db, ctx.importId!, 'review', 'created', ids);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Agreements: matched by reference code; an agreement stays with its partner.

const AGREEMENT_SCHEMA_FIELDS: Record<string, string> = {
  territoryIds: 'territories',
  assistanceTypeIds: 'assistanceTypes',
  partnerId: 'partner',
};

function agreementHandler(ctx: Context): Handler {
  const seen = new SeenRows();
  return {
    async chunk(readers) {
      const read = readers.map((reader) => {
        const partnerId = ctx.lookups.partners.referenced(reader);
        const values: Record<string, unknown> = { partnerId };
        for (const field of ['code', 'title'] as const) if (reader.has(field)) values[field] = reader.text(field);
        for (const field of ['startDate', 'endDate'] as const)
          if (reader.has(field)) values[field] = reader.date(field);
        for (const field of ['amountUsd', 'peopleTargeted', 'peopleReached'] as const)
          if (reader.has(field)) values[field] = reader.number(field);
        const territoryIds = reader.names('territories', ctx.lookups.territories, 'imports.error.unknownTerritory');
        if (territoryIds) values.territoryIds = territoryIds;
        const assistanceTypeIds = reader.names(
          'assistanceTypes',
          ctx.lookups.assistanceTypes,
          'imports.error.unknownAssistanceType',
        );
        if (assistanceTypeIds) values.assistanceTypeIds = assistanceTypeIds;
        const status = reader.option('status', ctx.lookups.agreementStatuses);
        if (status) values.status = status;
        return { reader, values, partnerId };
      });
      const stored = await repo.agreementsByCodes(ctx.db, [
        ...new Set(read.flatMap((r) => (typeof r.values.code === 'string' ? [r.values.code] : []))),
      ]);
      const byCode = new Map(stored.map((a) => [a.code, a]));
      const valid: {
        reader: RowReader;
        values: z.output<typeof agreementSchema>;
        current: (typeof stored)[number] | undefined;
      }[] = [];
      for (const { reader, values, partnerId } of read) {
        if (reader.issues.length > 0) {
          ctx.tally.reject(reader.issues);
          continue;
        }
        const current = typeof values.code === 'string' ? byCode.get(values.code) : undefined;
        if (current && current.partnerId !== partnerId)
          reader.issue('code', 'imports.error.agreementOtherPartner', { code: current.code });
        const first = typeof values.code === 'string' ? seen.firstRow(values.code) : undefined;
        if (first !== undefined) reader.issue('code', 'imports.error.duplicateInFile', { row: first });
        if (reader.issues.length === 0) {
          const base = current
            ? {
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
              }
            : {};
          const parsed = agreementSchema.safeParse({ ...base, ...values });
          if (!parsed.success) reader.schemaIssues(parsed.error, AGREEMENT_SCHEMA_FIELDS);
          else {
            seen.add(parsed.data.code, reader.row);
            valid.push({ reader, values: parsed.data, current });
          }
        }
        if (reader.issues.length > 0) ctx.tally.reject(reader.issues);
      }
      const coverage = await repo.partnerCoverage(ctx.db, [...new Set(valid.map((v) => v.values.partnerId))]);
      for (const { reader, values, current } of valid) {
        const row = {
          ...values,
          peopleTargeted: values.peopleTargeted ?? null,
          peopleReached: values.peopleReached ?? null,
        };
        const covered = coverage.get(row.partnerId);
        const warnings: repo.RowIssue[] = [];
        if (covered && row.territoryIds.some((id) => !covered.territoryIds.has(id)))
          warnings.push({
            row: reader.row,
            column: reader.column('territories'),
            field: 'territories',
            message: 'warning.agreementTerritory',
          });
        if (covered && row.assistanceTypeIds.some((id) => !covered.assistanceTypeIds.has(id)))
          warnings.push({
            row: reader.row,
            column: reader.column('assistanceTypes'),
            field: 'assistanceTypes',
            message: 'warning.agreementAssistanceType',
          });
        if (row.peopleReached !== null && row.peopleTargeted !== null && row.peopleReached > row.peopleTargeted)
          warnings.push({
            row: reader.row,
            column: reader.column('peopleReached'),
            field: 'peopleReached',
            message: 'warning.reachedAboveTargeted',
          });
        ctx.tally.warn(warnings);
        if (!current) {
          ctx.tally.counts.createdCount++;
          if (ctx.mode === 'commit') {
            const id = await insertAgreement(ctx.db, row);
            await repo.insertRecords(ctx.db, ctx.importId!, 'agreement', 'created', [id]);
            ctx.touched.add(row.partnerId);
          }
          continue;
        }
        const before = { ...current } as Record<string, unknown>;
        const changed = AGREEMENT_FIELDS.some(
          (f) => JSON.stringify(before[f]) !== JSON.stringify((row as Record<string, unknown>)[f]),
        );
        if (!changed) {
          ctx.tally.counts.unchangedCount++;
          continue;
        }
        ctx.tally.counts.updatedCount++;
        if (ctx.mode === 'commit') {
          await updateAgreementIfVersion(ctx.db, current.id, current.version, row);
          await repo.insertRecords(ctx.db, ctx.importId!, 'agreement', 'updated', [current.id]);
          ctx.touched.add(row.partnerId);
        }
      }
    },
  };
}

const HANDLERS: Record<ImportType, (ctx: Context) => Handler> = {
  partners: partnerHandler,
  events: eventHandler,
  reviews: reviewHandler,
  agreements: agreementHandler,
};

/** Reads every row of a source through the type's rules; writes only in commit mode. */
export async function processRows(
  db: Executor,
  type: ImportType,
  headers: string[],
  mapping: Mapping,
  rows: AsyncIterable<SheetRow>,
  mode: Mode,
  importId: number | null,
): Promise<Outcome> {
  const columns = new Map<string, number>();
  mapping.forEach((field, i) => {
    if (field !== null && !columns.has(field)) columns.set(field, i);
  });
  const ctx: Context = {
    db,
    mode,
    importId,
    tally: new Tally(),
    lookups: await prepareLookups(db),
    touched: new Set(),
  };
  const handler = HANDLERS[type](ctx);
  let batch: RowReader[] = [];
  for await (const row of rows) {
    // Blank rows (and the blank tail Excel leaves) are not records.
    if (row.cells.every((cell, i) => isBlank(cell) || mapping[i] === null || mapping[i] === undefined)) continue;
    ctx.tally.counts.totalRows++;
    batch.push(new RowReader(row.rowNumber, row.cells, columns, headers));
    if (batch.length >= CHUNK) {
      await handler.chunk(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await handler.chunk(batch);
  return { counts: ctx.tally.counts, issues: ctx.tally.issues, touchedPartnerIds: ctx.touched };
}
