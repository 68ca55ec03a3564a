// How an import issue is worded: the forms' schema messages become the import's own, which quote
// the cell and say what would be accepted; and an issue written out as a sentence that names its
// row and column, for the API and for the column a rejected-rows download adds. Pure.
import { type Language, type Translate, isMessageKey, keyOrText, labelKey } from '../i18n/index.js';
import { paramsIn } from './issue-params.js';
import type { RowIssue } from './import-record.js';

const SCHEMA_PREFIX = 'validation.';
// A quoted cell longer than this is cut: the message must stay readable beside a 2,000-character note.
const QUOTED_LENGTH = 60;

const quoted = (value: string | number) =>
  typeof value === 'string' && value.length > QUOTED_LENGTH ? `${value.slice(0, QUOTED_LENGTH - 1)}…` : value;

/**
 * A schema message (`validation.x`, written for a form) as an import words it: `imports.cell.x`,
 * which quotes the value, or `imports.blank.x` for an empty cell (`imports.error.noColumn` when the
 * file has no such column at all). A message without an import wording stays as it is. Row numbers
 * in params are kept as the spreadsheet writes them (no thousands separator).
 */
export function importWording(issue: RowIssue): RowIssue {
  const params = issue.params && {
    ...issue.params,
    ...(issue.params.value !== undefined && { value: quoted(issue.params.value) }),
    ...(typeof issue.params.row === 'number' && { row: String(issue.params.row) }),
  };
  const worded = params ? { ...issue, params } : issue;
  if (!issue.message.startsWith(SCHEMA_PREFIX)) return worded;
  const code = issue.message.slice(SCHEMA_PREFIX.length);
  const blank = issue.params?.value === '';
  const key = `imports.${blank ? 'blank' : 'cell'}.${code}`;
  if (!isMessageKey(key)) return worded;
  return { ...worded, message: blank && issue.column === null ? 'imports.error.noColumn' : key };
}

/** The column an issue is about, as headed in the file (or the field's label when no column has it). */
export const issueColumn = (t: Translate, issue: RowIssue): string =>
  issue.column ?? t(labelKey('imports.field', String(issue.field)));

/** The message after a colon starts in lower case, unless it starts with a name or an acronym. */
function afterColon(message: string): string {
  return /^\p{Lu}\p{Ll}/u.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}

/** "«Tipo de organización»: …": an issue of a row whose number goes without saying. */
export function cellSentence(t: Translate, issue: RowIssue, lang: Language): string {
  return t('imports.issue.cell', {
    column: issueColumn(t, issue),
    message: afterColon(t(keyOrText(issue.message), paramsIn(issue.params, lang))),
  });
}

/** "Fila 12, columna «Tipo de organización»: …": an issue as a full sentence. */
export function issueSentence(t: Translate, issue: RowIssue, lang: Language): string {
  return t('imports.issue.sentence', {
    row: String(issue.row),
    column: issueColumn(t, issue),
    message: afterColon(t(keyOrText(issue.message), paramsIn(issue.params, lang))),
  });
}

/** Everything wrong with one row, for the column a rejected-rows download adds. */
export const rowProblems = (t: Translate, issues: RowIssue[], lang: Language): string =>
  issues.map((issue) => cellSentence(t, issue, lang)).join('; ');
