// What an import is, apart from storage: the file it read, how its columns map to fields, what it
// found (counts, and the rows it rejected or warns about) and where it stands.
import type { CellEdits } from './cell-edits.js';
import type { ImportType, Mapping } from './fields.js';
import type { UnrecognizedValue, ValueMapping } from './values/value-mapping.js';

export type ImportStatus = 'preview' | 'committed' | 'expired';
export type RecordAction = 'created' | 'updated';
export const IMPORT_ENTITIES = ['partner', 'response_event', 'review', 'agreement'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** One problem with one row: the row number, the column (header as in the file) or field, and why. */
export interface RowIssue {
  row: number;
  column: string | null;
  field: string | null;
  message: string;
  params?: Record<string, string | number>;
  /** The cell's column position and its text as read, when the field has a column. */
  cell?: number;
  value?: string;
}

export interface ImportCounts {
  totalRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  rejectedCount: number;
  warningCount: number;
}

/** A value as a person reads it, in each language (names, labels, dates and numbers differ). */
export interface ShownValue {
  es: string;
  en: string;
}

/** One field an update changes: the row that asks for it, the record, and the value before → after. */
export interface FieldChange {
  row: number;
  entity: ImportEntity;
  recordId: number;
  /** The partner the record belongs to (the partner itself for a partner row). */
  partnerId: number;
  /** How people name the record: the partner's name, or an agreement's code and title. */
  record: string;
  /** The column as headed in the file, or null when the field is named by its label. */
  column: string | null;
  field: string;
  before: ShownValue;
  after: ShownValue;
}

export interface ImportIssues {
  rejections: RowIssue[];
  warnings: RowIssue[];
  /** Issues beyond those listed (the lists are bounded; the counts are not). */
  moreRejections: number;
  moreWarnings: number;
  /** What updates change, field by field (bounded like the issues). */
  changes: FieldChange[];
  moreChanges: number;
}

export const emptyIssues = (): ImportIssues => ({
  rejections: [],
  warnings: [],
  moreRejections: 0,
  moreWarnings: 0,
  changes: [],
  moreChanges: 0,
});

/** Stored issues as JSON; imports saved before updates listed their changes have none. */
export function issuesFromJson(json: string): ImportIssues {
  return { ...emptyIssues(), ...(JSON.parse(json) as Partial<ImportIssues>) };
}

export interface Import extends ImportCounts {
  id: number;
  type: ImportType;
  fileName: string;
  format: 'csv' | 'xlsx';
  sheet: string | null;
  encoding: string | null;
  delimiter: string | null;
  status: ImportStatus;
  headers: string[];
  mapping: Mapping;
  issues: ImportIssues;
  storedFile: string | null;
  userId: number | null;
  actorLabel: string;
  createdAt: string;
  committedAt: string | null;
  /** What the user answered for the values the import did not read exactly. */
  valueMapping: ValueMapping;
  /** The values the last preview did not read exactly, each once. */
  unrecognized: UnrecognizedValue[];
  /** Cells corrected in the preview. */
  cellEdits: CellEdits;
  /** The workbook import this sheet belongs to, if any. */
  workbookId: number | null;
}
