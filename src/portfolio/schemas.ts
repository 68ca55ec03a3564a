// Agreements, decisions and targets: one schema per fact for forms and the API.
import { z } from 'zod';
import { nameText, plainText } from '../shared/plain-text.js';
import { SIZE_CLASSES } from '../partners/size-class.js';
import { LOCALIZATION_CATEGORIES } from '../partners/partner.js';
import { isCalendarDate } from '../shared/dates.js';
import { parseLocaleNumber } from '../shared/numbers.js';
import { AGREEMENT_STATUSES, DECISION_KINDS } from './rules.js';

// The vocabularies of the list filters, for the pages that offer them as options.
export { LOCALIZATION_CATEGORIES, SIZE_CLASSES };
// The balance reads the dashboard's filters and default period: one address gives one set of figures.
export {
  dashboardQuerySchema as balanceQuerySchema,
  filtersFromQuery as balanceFiltersFromAddress,
  withDefaultPeriod,
} from '../dashboard/filters.js';
import { idList } from '../shared/schema-parts.js';

export const PEOPLE_REACHED_LIMIT = 10_000_000;

/** An agreement's own fields, in the form's order (what the audit compares). */
export const AGREEMENT_FIELDS = [
  'code',
  'title',
  'startDate',
  'endDate',
  'amountUsd',
  'territoryIds',
  'assistanceTypeIds',
  'peopleTargeted',
  'peopleReached',
  'status',
] as const;
/** The agreement form's fields: the partner it is drafted with, then the agreement's own. */
export const AGREEMENT_FORM_FIELDS = ['partnerId', ...AGREEMENT_FIELDS] as const;

const calendarDate = z.string({ error: 'validation.date' }).refine(isCalendarDate, 'validation.date');
const people = z
  .number({ error: 'validation.number' })
  .int('validation.integer')
  .min(0, 'validation.tooSmall')
  .max(PEOPLE_REACHED_LIMIT, 'validation.tooBig');

const agreementShape = {
  partnerId: z
    .number({ error: 'validation.partnerRequired' })
    .int('validation.partnerRequired')
    .positive('validation.partnerRequired'),
  code: nameText('validation.required').trim().min(2, 'validation.codeLength').max(60, 'validation.codeLength'),
  title: nameText('validation.required').trim().min(2, 'validation.titleLength').max(300, 'validation.titleLength'),
  startDate: calendarDate,
  endDate: calendarDate,
  amountUsd: z
    .number({ error: 'validation.number' })
    .min(0, 'validation.amountNegative')
    .max(10_000_000_000, 'validation.tooBig'),
  territoryIds: idList('validation.territoriesRequired'),
  assistanceTypeIds: idList('validation.assistanceTypesRequired'),
  peopleTargeted: people.nullable().optional(),
  peopleReached: people.nullable().optional(),
  status: z.enum(AGREEMENT_STATUSES, { error: 'validation.invalidOption' }),
};

function datesInOrder(a: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) {
  if (a.startDate && a.endDate && a.endDate <= a.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'validation.endAfterStart' });
}

export const agreementSchema = z
  .strictObject({ ...agreementShape, status: agreementShape.status.default('draft') })
  .superRefine(datesInOrder);
export type AgreementInput = z.output<typeof agreementSchema>;

export const agreementPatchSchema = z
  .strictObject(agreementShape)
  .omit({ partnerId: true })
  .partial()
  .extend({
    version: z.number({ error: 'validation.version' }).int('validation.version').positive('validation.version'),
  })
  .superRefine(datesInOrder);
export type AgreementPatch = z.output<typeof agreementPatchSchema>;

export const agreementListQuerySchema = z.object({
  partnerId: z.coerce.number().int().positive().optional(),
  status: z.enum([...AGREEMENT_STATUSES, 'portfolio'], { error: 'validation.invalidOption' }).optional(),
  territoryId: z.coerce.number().int().positive().optional(),
  assistanceTypeId: z.coerce.number().int().positive().optional(),
  sizeClass: z.enum([...SIZE_CLASSES, 'smallPartners'], { error: 'validation.invalidOption' }).optional(),
  localizationCategory: z
    .enum([...LOCALIZATION_CATEGORIES, 'localAndNational'], { error: 'validation.invalidOption' })
    .optional(),
  /** Agreements overlapping [from, to]; one date alone means "covering that day". */
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  page: z.coerce.number().int().min(1, 'validation.tooSmall').default(1),
  pageSize: z.coerce.number().int().min(1, 'validation.tooSmall').max(200, 'validation.tooBig').default(50),
});
export type AgreementListQuery = z.output<typeof agreementListQuerySchema>;

export const decisionSchema = z.object({
  kind: z.enum(DECISION_KINDS, { error: 'validation.decisionKind' }),
  rationale: plainText('validation.rationale').trim().min(10, 'validation.rationale').max(4000, 'validation.maxLength'),
  agreementId: z.number().int().positive().nullable().optional(),
  confirmExit: z.boolean().default(false),
});
export type DecisionInput = z.output<typeof decisionSchema>;

/** The decisions log's filters, for its page and `GET /api/v1/decisions` alike; `from`/`to` are Ecuador days. */
export const decisionListQuerySchema = z.object({
  kind: z.enum(DECISION_KINDS, { error: 'validation.invalidOption' }).optional(),
  partnerId: z.coerce.number().int().positive().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  page: z.coerce.number().int().min(1, 'validation.tooSmall').default(1),
  pageSize: z.coerce.number().int().min(1, 'validation.tooSmall').max(200, 'validation.tooBig').default(50),
});
export type DecisionListQuery = z.output<typeof decisionListQuerySchema>;

const share = z.number({ error: 'validation.number' }).min(0, 'validation.tooSmall').max(100, 'validation.tooBig');
export const targetsSchema = z.object({
  smallShareMin: share,
  localFundingShareMin: share,
  smallAgilePerTerritoryMin: z
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(0, 'validation.tooSmall')
    .max(1000, 'validation.tooBig'),
});

export const finderQuerySchema = z.object({
  territoryId: z.coerce
    .number({ error: 'validation.territoryRequired' })
    .int('validation.territoryRequired')
    .positive('validation.territoryRequired'),
  assistanceTypeId: z.coerce
    .number({ error: 'validation.assistanceTypeRequired' })
    .int('validation.assistanceTypeRequired')
    .positive('validation.assistanceTypeRequired'),
  // Read as typed in Ecuador: "2.000" is two thousand.
  people: z
    .preprocess(
      (value) => (typeof value === 'string' ? (parseLocaleNumber(value) ?? undefined) : value),
      z
        .number({ error: 'validation.number' })
        .int('validation.integer')
        .min(1, 'validation.tooSmall')
        .max(PEOPLE_REACHED_LIMIT, 'validation.tooBig'),
    )
    .optional(),
});

export const pageSchema = z.object({
  page: z.coerce
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(1, 'validation.tooSmall')
    .default(1),
  pageSize: z.coerce
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(1, 'validation.tooSmall')
    .max(500, 'validation.tooBig')
    .default(100),
});
