// The dashboard's filters, shared by the page, its chart exports and the printable report.
import { z } from 'zod';
import { addDays } from '../portfolio/rules.js';
import { ecuadorToday, isCalendarDate } from '../shared/dates.js';

const day = z.string({ error: 'validation.date' }).refine(isCalendarDate, 'validation.date');
const optionalId = z.coerce.number({ error: 'validation.unknownId' }).int('validation.unknownId').positive('validation.unknownId').optional();

export const dashboardQuerySchema = z
  .object({ from: day.optional(), to: day.optional(), territoryId: optionalId, assistanceTypeId: optionalId })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'validation.periodOrder' });
  });

export interface DashboardFilters {
  from: string;
  to: string;
  territoryId?: number | undefined;
  assistanceTypeId?: number | undefined;
}

/** Without dates the dashboard covers the twelve months up to today (or up to `to`). */
export function withDefaultPeriod(query: z.output<typeof dashboardQuerySchema>, today = ecuadorToday()): DashboardFilters {
  const to = query.to ?? (query.from && addDays(query.from, 364) < today ? addDays(query.from, 364) : today);
  const from = query.from ?? addDays(to, -364);
  return { from, to, territoryId: query.territoryId, assistanceTypeId: query.assistanceTypeId };
}

/** The filters as address parameters, for links that keep them. */
export function filterParams(filters: DashboardFilters): URLSearchParams {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.territoryId !== undefined) params.set('territoryId', String(filters.territoryId));
  if (filters.assistanceTypeId !== undefined) params.set('assistanceTypeId', String(filters.assistanceTypeId));
  return params;
}
