// What an import run found: counts, and the bounded lists of rejected rows, warnings and changes.
import { type ImportCounts, type ImportIssues, type FieldChange, type RowIssue, emptyIssues } from './import-record.js';
import { importWording } from './issue-text.js';

/** How many rejected rows, warnings and changes an import lists; beyond that it only counts them. */
export const LISTED_ISSUES = 1000;

/** Hears every rejected row, however many (the rejected-rows download collects them all). */
export type RejectionListener = (issues: RowIssue[]) => void;

/** Counts and the bounded lists of issues, so memory stays flat however many rows fail. */
export class Tally {
  readonly counts: ImportCounts = {
    totalRows: 0,
    createdCount: 0,
    updatedCount: 0,
    unchangedCount: 0,
    rejectedCount: 0,
    warningCount: 0,
  };
  readonly issues: ImportIssues = emptyIssues();

  constructor(private readonly onReject?: RejectionListener) {}

  /** Rejects one row, with every issue found in it. */
  reject(issues: RowIssue[]): void {
    this.counts.rejectedCount++;
    const worded = issues.map(importWording);
    this.onReject?.(worded);
    for (const issue of worded) {
      if (this.issues.rejections.length < LISTED_ISSUES) this.issues.rejections.push(issue);
      else this.issues.moreRejections++;
    }
  }

  warn(issues: RowIssue[]): void {
    if (issues.length === 0) return;
    this.counts.warningCount++;
    for (const issue of issues) {
      if (this.issues.warnings.length < LISTED_ISSUES) this.issues.warnings.push(importWording(issue));
      else this.issues.moreWarnings++;
    }
  }

  /** Whether another change would still be listed (so its values need not be worked out otherwise). */
  listsChanges(): boolean {
    return this.issues.changes.length < LISTED_ISSUES;
  }

  change(changes: FieldChange[]): void {
    for (const change of changes) {
      if (this.listsChanges()) this.issues.changes.push(change);
      else this.issues.moreChanges++;
    }
  }

  /** Counts changes beyond the list without working out their values. */
  changedUnlisted(count: number): void {
    this.issues.moreChanges += count;
  }
}
