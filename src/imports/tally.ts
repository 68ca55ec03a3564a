// What an import run found: counts, and the bounded lists of rejected rows and warnings.
import type { ImportCounts, ImportIssues, RowIssue } from './import-record.js';

/** How many rejected rows and warnings an import lists; beyond that it only counts them. */
export const LISTED_ISSUES = 1000;

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
  readonly issues: ImportIssues = { rejections: [], warnings: [], moreRejections: 0, moreWarnings: 0 };

  reject(issues: RowIssue[]): void {
    this.counts.rejectedCount++;
    for (const issue of issues) {
      if (this.issues.rejections.length < LISTED_ISSUES) this.issues.rejections.push(issue);
      else this.issues.moreRejections++;
    }
  }

  warn(issues: RowIssue[]): void {
    if (issues.length === 0) return;
    this.counts.warningCount++;
    for (const issue of issues) {
      if (this.issues.warnings.length < LISTED_ISSUES) this.issues.warnings.push(issue);
      else this.issues.moreWarnings++;
    }
  }
}
