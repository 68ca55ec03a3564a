// The GOV.UK error pattern for any form: a message per field and a summary linking to each.
import type { Response } from 'express';
import type { z } from 'zod';
import { isMessageKey, keyOrText } from '../i18n/index.js';
import type { FieldIssue } from './errors.js';
import { toFieldIssues } from './validation.js';

export interface FormErrors {
  byField: Record<string, string>;
  summary: { href: string; text: string }[];
}

/**
 * Translates issues for a form; `order` lists the fields top to bottom, as the summary should.
 * Each summary entry names its field ("Personal remunerado: escriba un número…") with the label
 * the form shows: `labels[field]` (a message key, or a text shown as is), else the `field.<name>` or
 * `filter.<name>` key.
 */
export function formErrors(
  res: Response,
  issues: FieldIssue[],
  order: readonly string[] = [],
  options: { fullPath?: boolean; labels?: Readonly<Record<string, string>> } = {},
): FormErrors {
  const t = res.locals.t;
  const byField: Record<string, string> = {};
  for (const issue of issues) {
    const field = (options.fullPath ? issue.path : issue.path.split('.')[0]) || order[0] || 'form';
    byField[field] ??= t(keyOrText(issue.message), issue.params);
  }
  const rank = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const summary = Object.entries(byField)
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([field, text]) => {
      const label = fieldLabel(field, options.labels);
      return {
        href: `#field-${field}`,
        text: label ? t('error.summaryEntry', { field: t(keyOrText(label)), message: continuing(text) }) : text,
      };
    });
  return { byField, summary };
}

function fieldLabel(field: string, labels: Readonly<Record<string, string>> = {}): string | null {
  if (labels[field]) return labels[field];
  return [`field.${field}`, `filter.${field}`].find(isMessageKey) ?? null;
}

/** A message continuing after the field's name: "Escriba…" → "escriba…", but "RUC…" stays. */
function continuing(message: string): string {
  return /^\p{Lu}\p{Ll}/u.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
}

export const NO_ERRORS: FormErrors = { byField: {}, summary: [] };

/** Parses a form body; on failure returns the issues instead of throwing. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { data: z.output<S> } | { issues: FieldIssue[] } {
  const result = schema.safeParse(body ?? {});
  return result.success ? { data: result.data } : { issues: toFieldIssues(result.error) };
}

/**
 * Filters from a list's address: empty values mean "not given", and a malformed filter is dropped
 * (and named in `ignored`) rather than failing the page, so an old bookmark still opens. The JSON
 * API parses the same schemas strictly instead.
 */
export function filtersFromAddress<S extends z.ZodType>(
  schema: S,
  raw: Record<string, unknown>,
  defaults: Record<string, unknown> = {},
): { query: z.output<S>; ignored: string[] } {
  const given: Record<string, unknown> = {
    ...defaults,
    ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== '')),
  };
  const first = schema.safeParse(given);
  if (first.success) return { query: first.data, ignored: [] };
  const ignored = [...new Set(first.error.issues.map((issue) => String(issue.path[0])))];
  const kept = Object.fromEntries(Object.entries(given).filter(([key]) => !ignored.includes(key)));
  return { query: schema.parse({ ...defaults, ...kept }), ignored };
}

/** The named fields of a form body as text; a missing or repeated field reads as empty. */
export function textFields<F extends string>(body: unknown, fields: readonly F[]): Record<F, string> {
  const source = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    fields.map((field) => [field, typeof source[field] === 'string' ? source[field] : '']),
  ) as Record<F, string>;
}
