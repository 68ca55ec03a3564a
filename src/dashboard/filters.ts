// The filters of every portfolio figure: the dashboard, its chart exports, the printable report,
// the balance page and their APIs read them here, so one address gives one set of figures.
import { z } from 'zod';
import { quarterOf } from '../portfolio/rules.js';
import type { FieldIssue } from '../shared/errors.js';
import { ecuadorToday, isCalendarDate } from '../shared/dates.js';
import { toFieldIssues } from '../shared/validation.js';

const day = z.string({ error: 'validation.date' }).refine(isCalendarDate, 'validation.date');
const optionalId = z.coerce
  .number({ error: 'validation.unknownId' })
  .int('validation.unknownId')
  .positive('validation.unknownId')
  .optional();

export const dashboardQuerySchema = z
  .object({ from: day.optional(), to: day.optional(), territoryId: optionalId, assistanceTypeId: optionalId })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.periodOrder' });
  });

export interface DashboardFilters {
  from: string;
  to: string;
  territoryId?: number | undefined;
  assistanceTypeId?: number | undefined;
}

/** The filter fields, in the order the forms show them (their error summary follows it). */
export const FILTER_FIELDS = ['from', 'to', 'territoryId', 'assistanceTypeId'] as const;

/**
 * The one default period of every portfolio figure: without dates, the current quarter (Ecuador
 * time); with one bound, the quarter of that bound supplies the other.
 */
export function withDefaultPeriod(
  query: z.output<typeof dashboardQuerySchema>,
  today = ecuadorToday(),
): DashboardFilters {
  const from = query.from ?? quarterOf(query.to ?? today).from;
  const to = query.to ?? quarterOf(query.from ?? today).to;
  return { from, to, territoryId: query.territoryId, assistanceTypeId: query.assistanceTypeId };
}

/** The filters of a page's address; a bad one is reported (GOV.UK summary) and left out. */
export function filtersFromQuery(query: Record<string, unknown>): { filters: DashboardFilters; issues: FieldIssue[] } {
  const raw = Object.fromEntries(
    Object.entries(query).filter(([key, value]) => FILTER_FIELDS.some((field) => field === key) && value !== ''),
  );
  const parsed = dashboardQuerySchema.safeParse(raw);
  if (parsed.success) return { filters: withDefaultPeriod(parsed.data), issues: [] };
  const issues = toFieldIssues(parsed.error);
  const bad = new Set(issues.map((i) => i.path.split('.')[0]));
  const kept = dashboardQuerySchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([key]) => !bad.has(key))));
  return { filters: withDefaultPeriod(kept.success ? kept.data : {}), issues };
}

/** The filters as address parameters, for links that keep them. */
export function filterParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.territoryId !== undefined) params.set('territoryId', String(filters.territoryId));
  if (filters.assistanceTypeId !== undefined) params.set('assistanceTypeId', String(filters.assistanceTypeId));
  return params;
}
