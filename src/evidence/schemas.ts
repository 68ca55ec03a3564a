// The evidence behind scores: response events, performance reviews and flags. One schema per fact,
// shared by the forms and the JSON API; messages are translation keys.
import { z } from 'zod';
import { plainText } from '../shared/plain-text.js';
import { ecuadorToday, isCalendarDate, parseEcuadorDateTime } from '../shared/dates.js';
import { pageFields } from '../shared/schema-parts.js';

// A little slack for clocks that run slightly ahead of the server's.
const CLOCK_SKEW_MS = 2 * 60 * 1000;

function blankable<T extends z.ZodType>(inner: T) {
  return z.preprocess(
    (value) =>
      typeof value === 'string' && value.trim() === '' ? null : typeof value === 'string' ? value.trim() : value,
    inner.nullable().optional(),
  );
}

const id = (message: string) => z.number({ error: message }).int(message).positive(message);

const dateTime = z.string({ error: 'validation.dateTime' }).transform((text, ctx) => {
  const iso = parseEcuadorDateTime(text);
  if (iso === null) {
    ctx.addIssue({ code: 'custom', message: 'validation.dateTime' });
    return z.NEVER;
  }
  if (Date.parse(iso) > Date.now() + CLOCK_SKEW_MS) {
    ctx.addIssue({ code: 'custom', message: 'validation.dateInFuture' });
    return z.NEVER;
  }
  return iso;
});

const calendarDate = z.string({ error: 'validation.date' }).refine(isCalendarDate, 'validation.date');
const notes = blankable(plainText('validation.text').max(2000, 'validation.maxLength'));

/** A response event's fields, in the form's order (what the audit compares). */
export const EVENT_FIELDS = [
  'territoryId',
  'assistanceTypeId',
  'requestedAt',
  'firstAssistanceAt',
  'peopleAssisted',
  'notes',
] as const;

const eventShape = {
  territoryId: id('validation.territoryRequired'),
  assistanceTypeId: id('validation.assistanceTypeRequired'),
  requestedAt: dateTime,
  firstAssistanceAt: blankable(dateTime),
  peopleAssisted: blankable(
    z
      .number({ error: 'validation.number' })
      .int('validation.integer')
      .min(0, 'validation.peopleNegative')
      .max(10_000_000, 'validation.tooBig'),
  ),
  notes,
};

function deliveryAfterRequest(
  event: { requestedAt?: string; firstAssistanceAt?: string | null },
  ctx: z.RefinementCtx,
) {
  if (
    event.requestedAt &&
    event.firstAssistanceAt &&
    Date.parse(event.firstAssistanceAt) < Date.parse(event.requestedAt)
  ) {
    ctx.addIssue({ code: 'custom', path: ['firstAssistanceAt'], message: 'validation.deliveryBeforeRequest' });
  }
}

export const eventSchema = z.strictObject(eventShape).superRefine(deliveryAfterRequest);
export const eventPatchSchema = z.strictObject(eventShape).partial().superRefine(deliveryAfterRequest);
export type EventInput = z.output<typeof eventSchema>;
export type EventPatch = z.output<typeof eventPatchSchema>;

/** A performance review's fields, in the form's order (what the audit compares). */
export const REVIEW_FIELDS = ['periodStart', 'periodEnd', 'rating', 'notes'] as const;

const reviewShape = {
  periodStart: calendarDate,
  periodEnd: calendarDate,
  rating: z
    .number({ error: 'validation.rating' })
    .int('validation.rating')
    .min(1, 'validation.rating')
    .max(5, 'validation.rating'),
  notes,
};

function periodInOrder(review: { periodStart?: string; periodEnd?: string }, ctx: z.RefinementCtx) {
  if (review.periodStart && review.periodEnd && review.periodEnd < review.periodStart) {
    ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'validation.periodOrder' });
  }
  if (review.periodEnd && review.periodEnd > ecuadorToday()) {
    ctx.addIssue({ code: 'custom', path: ['periodEnd'], message: 'validation.periodInFuture' });
  }
}

export const reviewSchema = z.strictObject(reviewShape).superRefine(periodInOrder);
export const reviewPatchSchema = z.strictObject(reviewShape).partial().superRefine(periodInOrder);
export type ReviewInput = z.output<typeof reviewSchema>;
export type ReviewPatch = z.output<typeof reviewPatchSchema>;

export const FLAG_LEVELS = ['observation', 'risk', 'red'] as const;
export const FLAG_CATEGORIES = [
  'financial',
  'operational',
  'compliance',
  'reputational',
  'sea',
  'safeguarding',
  'other',
] as const;
export const FLAG_STATUSES = ['open', 'resolved'] as const;
export type FlagLevel = (typeof FLAG_LEVELS)[number];
export type FlagStatus = (typeof FLAG_STATUSES)[number];

/** What an officer writes of a flag; its status and resolution are procurement's. */
export const FLAG_FIELDS = ['level', 'category', 'comment'] as const;

const flagShape = {
  level: z.enum(FLAG_LEVELS, { error: 'validation.flagLevel' }),
  category: z.enum(FLAG_CATEGORIES, { error: 'validation.flagCategory' }),
  comment: plainText('validation.comment').trim().min(2, 'validation.comment').max(2000, 'validation.maxLength'),
};

export const flagSchema = z.strictObject(flagShape);
export type FlagInput = z.output<typeof flagSchema>;

export const flagPatchSchema = z
  .strictObject({
    ...flagShape,
    status: z.enum(FLAG_STATUSES, { error: 'validation.invalidOption' }),
    resolution: blankable(plainText('validation.text').max(2000, 'validation.maxLength')),
  })
  .partial()
  .superRefine((patch, ctx) => {
    if (patch.status === 'resolved' && !patch.resolution) {
      ctx.addIssue({ code: 'custom', path: ['resolution'], message: 'validation.resolutionRequired' });
    }
  });
export type FlagPatch = z.output<typeof flagPatchSchema>;

export const eventListQuerySchema = z.object({
  partnerId: z.coerce.number().int().positive().optional(),
  territoryId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  assistanceTypeId: z.coerce.number({ error: 'validation.unknownId' }).int().positive().optional(),
  from: calendarDate.optional(),
  to: calendarDate.optional(),
  ...pageFields,
});
export type EventListQuery = z.output<typeof eventListQuerySchema>;

// The cross-partner lists of reviews and flags (the events list reads eventListQuerySchema).
const listedId = z.coerce.number().int().positive();
const listedDay = z.string().refine(isCalendarDate);
const listPage = z.coerce.number().int().min(1).default(1);

export const reviewListQuerySchema = z.object({
  partnerId: listedId.optional(),
  rating: z.coerce.number().int().min(1).max(5).optional(),
  /** Reviews whose period ended within [from, to]. */
  from: listedDay.optional(),
  to: listedDay.optional(),
  page: listPage,
});
export type ReviewListQuery = z.output<typeof reviewListQuerySchema>;

export const flagListQuerySchema = z.object({
  partnerId: listedId.optional(),
  /** Flags of the partners working in a territory / for an assistance type (the dashboard's tile links here). */
  territoryId: listedId.optional(),
  assistanceTypeId: listedId.optional(),
  level: z.enum(FLAG_LEVELS).optional(),
  status: z.enum(FLAG_STATUSES).optional(),
  category: z.enum(FLAG_CATEGORIES).optional(),
  page: listPage,
});
export type FlagListQuery = z.output<typeof flagListQuerySchema>;
