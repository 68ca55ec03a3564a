// One schema per fact: the HTML forms (through form.ts) and the JSON API both parse with these.
// Messages are translation keys ("validation.*"), translated where the answer is rendered.
import { z } from 'zod';
import { nameText, plainText } from '../shared/plain-text.js';
import { checkRuc } from './ruc.js';
import { LOCALIZATION_CATEGORIES, ORGANIZATION_TYPES, PARTNER_STATUSES } from './partner.js';
import { SIZE_CLASSES } from './size-class.js';
import { idList } from '../shared/schema-parts.js';

/** Trims text and turns blank into null, so "" and null both mean "not given". */
function blankable<T extends z.ZodType>(inner: T) {
  return z.preprocess((value) => {
    if (typeof value !== 'string') return value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }, inner.nullable().optional());
}

const text = (max: number) => plainText('validation.text').max(max, 'validation.maxLength');
const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(min, 'validation.tooSmall')
    .max(max, 'validation.tooBig');

const ruc = z.string({ error: 'validation.text' }).superRefine((value, ctx) => {
  const check = checkRuc(value);
  if (!check.valid) ctx.addIssue({ code: 'custom', message: `validation.ruc.${check.reason}` });
});

// Digits, spaces, dashes, parentheses and a leading +, with 7 to 15 digits in all.
const phone = z
  .string({ error: 'validation.text' })
  .regex(/^\+?[\d\s()-]+$/, 'validation.phone')
  .refine((value) => {
    const digits = value.replace(/\D/g, '').length;
    return digits >= 7 && digits <= 15;
  }, 'validation.phone');

const yearFounded = wholeNumber(1800, 9999).refine(
  (year) => year <= new Date().getFullYear(),
  'validation.yearInFuture',
);

const profileShape = {
  name: nameText('validation.required').trim().min(2, 'validation.nameLength').max(200, 'validation.nameLength'),
  acronym: blankable(nameText('validation.text').max(30, 'validation.maxLength')),
  ruc: blankable(ruc),
  organizationType: z.enum(ORGANIZATION_TYPES, { error: 'validation.organizationType' }),
  // null asks for the category suggested by the organization type.
  localizationCategory: blankable(z.enum(LOCALIZATION_CATEGORIES, { error: 'validation.invalidOption' })),
  staffCount: wholeNumber(0, 1_000_000),
  volunteerCount: blankable(wholeNumber(0, 1_000_000)),
  annualBudgetUsd: blankable(
    z.number({ error: 'validation.number' }).min(0, 'validation.tooSmall').max(10_000_000_000, 'validation.tooBig'),
  ),
  yearFounded: blankable(yearFounded),
  territoryIds: idList('validation.territoriesRequired'),
  assistanceTypeIds: idList('validation.assistanceTypesRequired'),
  adminSteps: blankable(wholeNumber(0, 50)),
  declaredResponseHours: blankable(
    z.number({ error: 'validation.number' }).min(0, 'validation.tooSmall').max(8760, 'validation.tooBig'),
  ),
  contactName: blankable(text(200)),
  contactEmail: blankable(z.email({ error: 'validation.email' }).max(254, 'validation.maxLength')),
  contactPhone: blankable(phone),
  notes: blankable(text(5000)),
  status: z.enum(PARTNER_STATUSES, { error: 'validation.invalidOption' }),
};

export const createPartnerSchema = z.strictObject({
  ...profileShape,
  status: profileShape.status.default('active'),
});
export type CreatePartnerInput = z.output<typeof createPartnerSchema>;

export const updatePartnerSchema = z
  .strictObject(profileShape)
  .partial()
  .extend({
    version: z.number({ error: 'validation.version' }).int('validation.version').positive('validation.version'),
  });
export type UpdatePartnerInput = z.output<typeof updatePartnerSchema>;

export const PARTNER_SORTS = [
  'name',
  '-name',
  'staffCount',
  '-staffCount',
  'sizeClass',
  '-sizeClass',
  'updatedAt',
  '-updatedAt',
] as const;
export type PartnerSort = (typeof PARTNER_SORTS)[number];

const optionalId = z.coerce
  .number({ error: 'validation.unknownId' })
  .int('validation.unknownId')
  .positive('validation.unknownId')
  .optional();

export const partnerListQuerySchema = z.object({
  q: plainText('validation.text').trim().max(200, 'validation.maxLength').optional(),
  territoryId: optionalId,
  assistanceTypeId: optionalId,
  sizeClass: z.enum(SIZE_CLASSES, { error: 'validation.invalidOption' }).optional(),
  organizationType: z.enum(ORGANIZATION_TYPES, { error: 'validation.invalidOption' }).optional(),
  // Without a status the list leaves archived partners out; "all" includes them.
  status: z.enum([...PARTNER_STATUSES, 'all'], { error: 'validation.invalidOption' }).optional(),
  sort: z.enum(PARTNER_SORTS, { error: 'validation.invalidOption' }).default('name'),
  page: z.coerce
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(1, 'validation.tooSmall')
    .default(1),
  pageSize: z.coerce
    .number({ error: 'validation.number' })
    .int('validation.integer')
    .min(1, 'validation.tooSmall')
    .max(200, 'validation.tooBig')
    .default(50),
});
export type PartnerListQuery = z.output<typeof partnerListQuerySchema>;
