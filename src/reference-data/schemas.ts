import { z } from 'zod';
import { nameText } from '../shared/plain-text.js';

const name = nameText('validation.required').trim().min(2, 'validation.nameLength').max(120, 'validation.nameLength');
const code = nameText('validation.required')
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9_]{1,39}$/, 'validation.referenceCode');

export const territorySchema = z.object({
  code,
  nameEs: name,
  nameEn: name,
  province: nameText('validation.required').trim().min(2, 'validation.nameLength').max(80, 'validation.nameLength'),
  provinceCode: z.string({ error: 'validation.required' }).regex(/^(0[1-9]|1\d|2[0-4]|30)$/, 'validation.provinceCode'),
  isBorderCrossing: z.boolean(),
});
export type TerritoryInput = z.output<typeof territorySchema>;

export const assistanceTypeSchema = z.object({
  code,
  nameEs: name,
  nameEn: name,
  parentId: z.number().int().positive().nullable(),
});
export type AssistanceTypeInput = z.output<typeof assistanceTypeSchema>;

/** The forms' labels of the fields that have no `field.<name>` message (the error summary names them). */
export const REFERENCE_LABELS: Readonly<Record<string, string>> = {
  code: 'reference.code',
  nameEs: 'reference.nameEs',
  nameEn: 'reference.nameEn',
  province: 'reference.province',
  provinceCode: 'reference.provinceCode',
  isBorderCrossing: 'reference.border',
  parentId: 'reference.parent',
};
