// What an import is, apart from storage: the file it read, how its columns map to fields, what it
// found (counts, and the rows it rejected or warns about) and where it stands.
import type { ImportType, Mapping } from './fields.js';

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
}

export interface ImportCounts {
  totalRows: number;
  createdCount: number;
  updatedCount: number;
  unchangedCount: number;
  rejectedCount: number;
  warningCount: number;
}

export interface ImportIssues {
  rejections: RowIssue[];
  warnings: RowIssue[];
  /** Issues beyond those listed (the lists are bounded; the counts are not). */
  moreRejections: number;
  moreWarnings: number;
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
  /** The workbook import this sheet belongs to, if any. */
  workbookId: number | null;
}
