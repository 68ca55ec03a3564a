// One spreadsheet row as an import reads it: each field's cell by the column mapped to it, read as
// text, number, date or option, and the issues found along the way (with the row and the column).
import type { z } from 'zod';
import { toFieldIssues } from '../shared/validation.js';
import { type Cell, cellDateTime, cellNumber, cellText, cellTime, isBlank, localDateTime } from './cells.js';
import { matchNames } from './names.js';
import type { RowIssue } from './import-record.js';
import type { ValueList } from './values/value-list.js';
import { type ValueOutcome, ValueResolver } from './values/value-mapping.js';

/** One row's cells by field, and the issues found while reading them. */
export class RowReader {
  readonly issues: RowIssue[] = [];

  constructor(
    readonly row: number,
    private readonly cells: Cell[],
    private readonly columns: Map<string, number>,
    private readonly headers: string[],
    private readonly values: ValueResolver = new ValueResolver(),
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

  /** An issue with a field of this row that does not reject it; the caller lists it among the warnings. */
  warning(field: string, message: string, params?: Record<string, string | number>): RowIssue {
    const i = this.columns.get(field);
    // The cell's position and text let the preview offer it for correction in place.
    const cell = i === undefined ? {} : { cell: i, value: cellText(this.cells[i] ?? null) };
    return { row: this.row, column: this.column(field), field, message, ...cell, ...(params ? { params } : {}) };
  }

  /** An issue that rejects the row. */
  issue(field: string, message: string, params?: Record<string, string | number>): RowIssue {
    const issue = this.warning(field, message, params);
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

  /** A value from a list (an option or a reference record), read forgivingly; undefined with an issue when unread. */
  option<V>(field: string, list: ValueList<V>): V | null | undefined {
    if (!this.has(field)) return null;
    const text = this.text(field);
    const outcome = this.values.read(field, list, text, this.row);
    if (outcome.ok) return outcome.value;
    this.valueIssue(field, list, text, outcome);
    return undefined;
  }

  /** A number, or a word of a list that stands for one ("Excelente" for a rating of 5). */
  numberOrOption(field: string, list: ValueList<number>): number | string | null | undefined {
    const number = this.number(field);
    return typeof number === 'string' ? this.option(field, list) : number;
  }

  /** Several values of a list in one cell; undefined (with an issue per unread value) when any is unread. */
  names<V>(field: string, list: ValueList<V>): V[] | undefined {
    if (!this.has(field)) return undefined;
    const { values, unknown } = matchNames(this.text(field), list);
    let complete = true;
    for (const piece of unknown) {
      const outcome = this.values.read(field, list, piece, this.row);
      if (outcome.ok) {
        if (!values.includes(outcome.value)) values.push(outcome.value);
      } else {
        this.valueIssue(field, list, piece, outcome);
        complete = false;
      }
    }
    return complete ? values : undefined;
  }

  private valueIssue<V>(field: string, list: ValueList<V>, value: string, outcome: ValueOutcome<V> & { ok: false }) {
    const params = { value, acceptedEs: list.acceptedIn('es'), acceptedEn: list.acceptedIn('en') };
    if (outcome.rejected) this.issue(field, 'imports.error.rejectedValue', params);
    else if (outcome.suggestion)
      this.issue(field, 'imports.error.unknownValueSuggested', {
        ...params,
        suggestionEs: outcome.suggestion.entry.labelEs,
        suggestionEn: outcome.suggestion.entry.labelEn,
        confidence: Math.round(outcome.suggestion.confidence * 100),
      });
    else this.issue(field, 'imports.error.unknownValue', params);
  }

  /** zod issues (paths in the schema's names) as issues of this row's columns. */
  schemaIssues(error: z.ZodError, fieldOf: Record<string, string> = {}, only?: (path: string) => boolean): void {
    for (const issue of toFieldIssues(error)) {
      const path = issue.path.split('.')[0] ?? '';
      const field = fieldOf[path] ?? path;
      if (only && (!only(path) || this.issues.some((known) => known.field === field))) continue;
      // The cell's text, so that an import's message can quote what it found.
      this.issue(field, issue.message, { ...issue.params, value: this.text(field) });
    }
  }
}

/** A RUC as typed or as Excel turned it into a number: "0993381661001", "099-338166-1001", 993381661001. */
export function normalizeRuc(cell: Cell): string {
  const text = typeof cell === 'number' ? String(cell) : cellText(cell).replace(/[\s.-]/g, '');
  // A number column drops the leading zero of provinces 01–09.
  return /^\d{12}$/.test(text) ? `0${text}` : text;
}
